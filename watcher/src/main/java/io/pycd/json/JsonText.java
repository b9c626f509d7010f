package io.pycd.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;

/**
 * Jackson's trees written as text with its streaming generator: on one line (the daemon's protocol, JSON Lines) or
 * laid out as an ObjectMapper with {@code INDENT_OUTPUT} lays them out (every {@code --format json} document). No
 * ObjectMapper: building one loads ~300 classes and cost a {@code pycd compile --format json} ~60 ms of its start on
 * Java 17, and every start of the release (its AOT cache loads every class its training used); pycd writes trees it
 * built field by field and needs none of its data binding.
 */
public final class JsonText {

    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonText() {
    }

    /** A new, empty object. */
    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** A new, empty array. */
    public static ArrayNode array() {
        return JsonNodeFactory.instance.arrayNode();
    }

    /** {@code n} on one line. */
    public static String line(JsonNode n) {
        return write(n, false);
    }

    /** {@code n} laid out over lines, two spaces a level, {@code "name" : value}. */
    public static String pretty(JsonNode n) {
        return write(n, true);
    }

    private static String write(JsonNode n, boolean pretty) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            if (pretty) {
                g.setPrettyPrinter(new DefaultPrettyPrinter());
            }
            write(g, n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void write(JsonGenerator g, JsonNode n) throws IOException {
        if (n instanceof ContainerNode<?>) {
            if (n.isObject()) {
                g.writeStartObject();
                for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> f = it.next();
                    g.writeFieldName(f.getKey());
                    write(g, f.getValue());
                }
                g.writeEndObject();
            } else {
                g.writeStartArray();
                for (JsonNode e : n) {
                    write(g, e);
                }
                g.writeEndArray();
            }
        } else if (n.isTextual()) {
            g.writeString(n.textValue());
        } else if (n.isIntegralNumber()) {
            g.writeNumber(n.longValue());
        } else if (n.isNumber()) {
            g.writeNumber(n.doubleValue());
        } else if (n.isBoolean()) {
            g.writeBoolean(n.booleanValue());
        } else if (n.isNull()) {
            g.writeNull();
        } else {
            throw new IllegalArgumentException("not a JSON value: " + n.getNodeType());
        }
    }
}
