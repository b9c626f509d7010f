package io.pycd.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** JsonText writes pycd's documents byte for byte as an ObjectMapper did, without one. */
class JsonTextTest {

    private static ObjectNode document() {
        ObjectNode doc = JsonText.object();
        doc.put("text", "caf\u00e9 \"quoted\"\ttab\nline \\ \u0001 \u6a21");
        doc.put("int", 42).put("negative", -7L).put("big", 1L << 40).put("seconds", 0.17).put("whole", 2.0);
        doc.put("yes", true).put("no", false).putNull("none");
        doc.putObject("empty_object");
        doc.putArray("empty_array");
        ArrayNode items = doc.putArray("items");
        items.add(1).add("two").addNull().add(3.5);
        items.addObject().put("nested", "x").putArray("deeper").add(JsonText.object().put("k", 1));
        items.addArray().add(JsonText.array());
        return doc;
    }

    @Test
    void prettyIsObjectMappersIndentOutput() throws Exception {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        assertThat(JsonText.pretty(document())).isEqualTo(mapper.writeValueAsString(document()));
    }

    @Test
    void lineIsObjectMappersCompactOutput() throws Exception {
        assertThat(JsonText.line(document())).isEqualTo(new ObjectMapper().writeValueAsString(document()))
                .doesNotContain("\n");
    }
}
