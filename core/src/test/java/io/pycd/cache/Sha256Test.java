package io.pycd.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** pycd's own SHA-256 gives the JDK's digest for every length around the block and padding edges, fed in any pieces. */
class Sha256Test {

    @Test
    void givesTheJdksDigestForAnyLengthAndAnySplit() throws Exception {
        MessageDigest jdk = MessageDigest.getInstance("SHA-256");
        Sha256 own = new Sha256();
        Random random = new Random(20261128);
        for (int n = 0; n < 2_000; n++) {
            int length = n < 300 ? n : random.nextInt(70_000);
            byte[] bytes = new byte[length];
            random.nextBytes(bytes);
            int first = length == 0 ? 0 : random.nextInt(length + 1);
            int second = first + (length - first == 0 ? 0 : random.nextInt(length - first + 1));
            own.update(bytes, 0, first);
            own.update(bytes, first, second - first);
            own.update(bytes, second, length - second);
            assertThat(own.digest()).as("length %d split at %d, %d", length, first, second).isEqualTo(jdk.digest(bytes));
        }
    }

    @Test
    void aResetForgetsWhatWasGiven() {
        Sha256 own = new Sha256();
        own.update(new byte[] {1, 2, 3});
        own.reset();
        own.update("abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertThat(SourceDigest.hex(own.digest()))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
