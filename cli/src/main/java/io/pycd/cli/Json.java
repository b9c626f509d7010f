package io.pycd.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pycd.interpreter.Interpreter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** JSON documents built explicitly (field by field) so their shape is exactly the documented one. */
public final class Json {

    private static final class Holder {
        static final ObjectMapper MAPPER = new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    }

    private Json() {
    }

    public static ObjectMapper mapper() {
        return Holder.MAPPER;
    }

    public static ObjectNode object() {
        return Holder.MAPPER.createObjectNode();
    }

    public static ArrayNode array() {
        return Holder.MAPPER.createArrayNode();
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

    /** Prints one document followed by a newline. */
    public static void print(PrintStream out, Object document) {
        try {
            out.println(Holder.MAPPER.writeValueAsString(document));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Prints one document on one line (JSON Lines), for event streams. */
    public static void printLine(PrintStream out, Object document) {
        try {
            out.println(Holder.MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(document));
            out.flush();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
