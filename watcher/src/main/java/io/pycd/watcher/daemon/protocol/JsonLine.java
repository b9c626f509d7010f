package io.pycd.watcher.daemon.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pycd.json.JsonText;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One JSON object on one line, read into Jackson's tree and written from it with Jackson's streaming parser and
 * generator. No ObjectMapper: building one costs more than a {@code pycd compile} that asks the daemon instead of
 * walking saves, and the protocol needs none of its data binding.
 */
final class JsonLine {

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonLine() {
    }

    static ObjectNode object() {
        return NODES.objectNode();
    }

    /** The object on {@code line}. */
    static ObjectNode read(String line) throws ProtocolException {
        try (JsonParser p = FACTORY.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new ProtocolException("not a JSON object: " + line);
            }
            ObjectNode n = (ObjectNode) value(p, p.currentToken());
            if (p.nextToken() != null) {
                throw new ProtocolException("more than one JSON value: " + line);
            }
            return n;
        } catch (StreamReadException e) {
            throw new ProtocolException("not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ProtocolException("not JSON: " + e.getMessage());
        }
    }

    private static JsonNode value(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case START_OBJECT -> {
                ObjectNode o = NODES.objectNode();
                for (JsonToken f = p.nextToken(); f != JsonToken.END_OBJECT; f = p.nextToken()) {
                    String name = p.currentName();
                    o.set(name, value(p, p.nextToken()));
                }
                return o;
            }
            case START_ARRAY -> {
                ArrayNode a = NODES.arrayNode();
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    a.add(value(p, e));
                }
                return a;
            }
            case VALUE_STRING -> {
                return NODES.textNode(p.getText());
            }
            case VALUE_NUMBER_INT -> {
                return NODES.numberNode(p.getLongValue());
            }
            case VALUE_NUMBER_FLOAT -> {
                return NODES.numberNode(p.getDoubleValue());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return NODES.booleanNode(t == JsonToken.VALUE_TRUE);
            }
            case VALUE_NULL -> {
                return NODES.nullNode();
            }
            default -> throw new IOException("unexpected " + t);
        }
    }

    static void paths(ArrayNode out, List<Path> paths) {
        for (Path p : paths) { // loops, not lambdas: a caller writes and reads these at its start
            out.add(p.toString());
        }
    }

    static List<Path> paths(JsonNode n, String field) {
        List<Path> out = new ArrayList<>();
        for (JsonNode p : n.path(field)) {
            out.add(Path.of(p.asText()));
        }
        return out;
    }

    /** A string field; empty when it is null or absent. */
    static Optional<String> text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isTextual() ? Optional.of(v.asText()) : Optional.empty();
    }

    /** {@code n} on one line. */
    static String write(ObjectNode n) {
        return JsonText.line(n);
    }
}
