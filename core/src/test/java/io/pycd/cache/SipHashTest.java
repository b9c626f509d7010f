package io.pycd.cache;

import io.pycd.testing.Processes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pycd.interpreter.Interpreter;
import io.pycd.testing.Py;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Java's SipHash equals {@code importlib.util.source_hash} of every installed 3.7+ interpreter. */
class SipHashTest {

    @TempDir
    java.nio.file.Path tmp;

    /** FACTS.md's vectors, as the hex of the 8 header bytes read as a little-endian u64. */
    @Test
    void knownVectors() {
        int magic310 = 3439 | 0x0a0d << 16;
        int magic312 = 3531 | 0x0a0d << 16;
        byte[] x = "x = 1\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(hex(SipHash.SIPHASH_2_4.sourceHash(magic310, new byte[0], 0))).isEqualTo("8cc0cd2525e7fd27");
        assertThat(hex(SipHash.SIPHASH_2_4.sourceHash(magic310, x, x.length))).isEqualTo("d94aade28c8cbebf");
        assertThat(hex(SipHash.SIPHASH_1_3.sourceHash(magic312, new byte[0], 0))).isEqualTo("baf18eedc9387a25");
        assertThat(hex(SipHash.SIPHASH_1_3.sourceHash(magic312, x, x.length))).isEqualTo("1522561917f5df08");
        assertThat(SipHash.forVersion(3, 10)).isSameAs(SipHash.SIPHASH_2_4);
        assertThat(SipHash.forVersion(3, 11)).isSameAs(SipHash.SIPHASH_1_3);
    }

    /** The reference SipHash-2-4 vector (Aumasson and Bernstein): key 00..0f, message 00..0e. */
    @Test
    void referenceVectorOfTheSipHashPaper() {
        long k0 = 0x0706050403020100L;
        long k1 = 0x0f0e0d0c0b0a0908L;
        byte[] m = new byte[15];
        for (int i = 0; i < m.length; i++) {
            m[i] = (byte) i;
        }
        assertThat(SipHash.SIPHASH_2_4.hash(k0, k1, m, m.length)).isEqualTo(0xa129ca6149be45e5L);
    }

    @ParameterizedTest(name = "python{0}")
    @ValueSource(strings = {"3.7", "3.8", "3.9", "3.10", "3.11", "3.12", "3.13"})
    void equalsSourceHashOfTheInterpreter(String version) {
        Interpreter python = Py.get(version);
        assumeTrue(python.supportsHashPycs());
        Random random = new Random(version.hashCode());
        List<byte[]> inputs = new ArrayList<>();
        for (int n = 0; n <= 64; n++) {
            byte[] b = new byte[n];
            random.nextBytes(b);
            inputs.add(b);
        }
        for (int n : new int[] {100, 1000, 4097, 65_536 + 3}) {
            byte[] b = new byte[n];
            random.nextBytes(b);
            inputs.add(b);
        }
        StringBuilder in = new StringBuilder();
        inputs.forEach(b -> in.append(HexFormat.of().formatHex(b)).append('\n'));
        Processes.Run run = Processes.exec(List.of(python.executable().toString(), "-I", "-c",
                "import sys, importlib.util\n"
                        + "for line in sys.stdin.read().split('\\n')[:-1]:\n"
                        + "    print(importlib.util.source_hash(bytes.fromhex(line)).hex())"),
                null, java.util.Map.of(), in.toString()).ok();
        List<String> expected = run.out().lines().toList();
        assertThat(expected).hasSize(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            byte[] b = inputs.get(i);
            assertThat(hex(python.sourceHash(b, b.length))).as("length %d", b.length).isEqualTo(expected.get(i));
        }
    }

    /** The 8 bytes CPython stores, in order, as hex. */
    static String hex(long le) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (le >>> (8 * i));
        }
        return HexFormat.of().formatHex(b);
    }
}
