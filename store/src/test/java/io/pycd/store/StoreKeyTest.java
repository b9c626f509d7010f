package io.pycd.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pycd.cache.SourceDigest;
import io.pycd.interpreter.Interpreter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A store key is the digest of length-prefixed fields, and stays the same from one pycd to the next. */
class StoreKeyTest {

    /**
     * Pinned: computed with Python's hashlib over the same fields (big-endian u32 length, then UTF-8). A key that
     * changed would make every entry of every user's store unreachable; a change on purpose bumps the key's FORMAT.
     */
    @Test
    void aKeyIsTheDigestOfItsFieldsAsPinned() {
        String source = SourceDigest.of("x = 1\n".getBytes(StandardCharsets.US_ASCII), 6);
        assertThat(source).isEqualTo("9e26bf369911c45c243c684147b23fc9e1dcfcf257d299a1c632016a6fcd33f4");
        Interpreter python = new Interpreter(Path.of("/usr/bin/python3.12"), "3.12.1", "cpython", "cpython-312", 3531);
        assertThat(StoreKey.of(source, python, List.of(0, 2), "/srv/app/m\u00e9.py").hex())
                .isEqualTo("81e615d34056588a96f7e5ca6a7190da1518e0de620eb27e72245a825d8c53ee");
    }

    @Test
    void onlySixtyFourLowerCaseHexDigitsAreAKey() {
        String good = "0123456789abcdef".repeat(4);
        assertThat(new StoreKey(good).hex()).isEqualTo(good);
        for (String bad : List.of(good.substring(1), good + "0", good.toUpperCase(), good.substring(1) + "g",
                good.substring(1) + "/")) {
            assertThatThrownBy(() -> new StoreKey(bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
