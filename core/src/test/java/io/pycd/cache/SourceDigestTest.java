package io.pycd.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SourceDigestTest {

    /** FIPS 180-2's vectors, and a length shorter than the array (only the source's bytes count). */
    @Test
    void isSha256OfTheGivenBytes() {
        assertThat(SourceDigest.of(new byte[0], 0))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        byte[] abc = "abcXYZ".getBytes(StandardCharsets.US_ASCII);
        assertThat(SourceDigest.of(abc, 3))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(SourceDigest.of(abc, 6)).isNotEqualTo(SourceDigest.of(abc, 3)).hasSize(64);
    }
}
