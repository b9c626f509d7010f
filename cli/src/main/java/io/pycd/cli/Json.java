package io.pycd.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pycd.compile.CompileResult;
import io.pycd.interpreter.Interpreter;
import io.pycd.json.JsonText;
import java.io.PrintStream;
import java.nio.file.Path;

/** JSON documents built explicitly (field by field) so their shape is exactly the documented one. */
public final class Json {

    private Json() {
    }

    public static ObjectNode object() {
        return JsonText.object();
    }

    public static ArrayNode array() {
        return JsonText.array();
    }

    public static String path(Path p) {
        return p == null ? null : p.toString();
    }

    /** {@code {"path", "version", "cache_tag"}} */
    public static ObjectNode interpreter(Interpreter i) {
        ObjectNode n = object();
        n.put("path", i.executable().toString());
        n.put("version", i.version());
        n.put("cache_tag", i.cacheTag());
        return n;
    }

    /** {@code "source", "interpreter", "error", "message", "line", "column"} of a failed compile (null: unknown). */
    public static ObjectNode failure(ObjectNode n, CompileResult.Failed f) {
        n.put("source", f.source().toString());
        n.put("interpreter", f.interpreter().executable().toString());
        n.put("error", f.error().label());
        n.put("message", f.message());
        if (f.line() > 0) {
            n.put("line", f.line());
        } else {
            n.putNull("line");
        }
        if (f.column() > 0) {
            n.put("column", f.column());
        } else {
            n.putNull("column");
        }
        return n;
    }

    /** Prints one document followed by a newline, laid out as ObjectMapper's INDENT_OUTPUT would (JsonText). */
    public static void print(PrintStream out, JsonNode document) {
        out.println(JsonText.pretty(document));
    }

    /** Prints one document on one line (JSON Lines), for event streams. */
    public static void printLine(PrintStream out, JsonNode document) {
        out.println(JsonText.line(document));
        out.flush();
    }
}
