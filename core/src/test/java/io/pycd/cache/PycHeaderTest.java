package io.pycd.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.pycd.interpreter.Interpreter;
import io.pycd.testing.Py;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PycHeaderTest {

    @TempDir
    Path tmp;

    @Test
    void roundTripsBothKinds() {
        PycHeader t = PycHeader.timestamp(0x0a0d0dcb, 0x1_2345_6789L, 0x1_0000_0010L);
        assertThat(t.mtime()).isEqualTo(0x2345_6789L);
        assertThat(t.size()).isEqualTo(0x10L);
        byte[] bytes = t.toBytes();
        assertThat(bytes).hasSize(16);
        assertThat(PycHeader.parse(bytes, 16)).contains(t);
        PycHeader h = PycHeader.hashBased(0x0a0d0dcb, InvalidationMode.CHECKED_HASH, 0x8877665544332211L);
        assertThat(h.toBytes()).startsWith(0xcb, 0x0d, 0x0d, 0x0a, 3, 0, 0, 0, 0x11, 0x22);
        assertThat(PycHeader.parse(h.toBytes(), 16)).contains(h);
        assertThat(PycHeader.parse(bytes, 15)).isEmpty();
    }

    /**
     * CPython records {@code int(st_mtime)} where st_mtime is the double sec + 1e-9 * nsec: nanoseconds close to a
     * second round up. Java must agree with Python on the same files (mtimes set to the nanosecond).
     */
    @Test
    void cpythonMtimeAgreesWithPythonNearASecondBoundary() throws Exception {
        Interpreter python = Py.get("3.12");
        long[] seconds = {0, 1, 1_700_000_000L, 1_700_000_001L, 2_147_483_647L, 4_294_967_295L, 4_294_967_296L + 5};
        long[] nanos = {0, 1, 500_000_000, 999_999_000, 999_999_899, 999_999_900, 999_999_950, 999_999_999};
        List<Path> files = new ArrayList<>();
        List<Long> javaValues = new ArrayList<>();
        for (long s : seconds) {
            for (long n : nanos) {
                Path f = tmp.resolve(s + "_" + n + ".py");
                Files.writeString(f, "");
                Files.setLastModifiedTime(f, FileTime.from(Instant.ofEpochSecond(s, n)));
                files.add(f);
                javaValues.add(PycHeader.mtimeOf(Files.getLastModifiedTime(f)));
            }
        }
        StringBuilder code = new StringBuilder("import os\nfor p in [");
        files.forEach(f -> code.append('\'').append(f).append("',"));
        code.append("]:\n    print(int(os.stat(p).st_mtime))\n");
        List<Long> pythonValues = Py.run(python, List.of("-I", "-c", code.toString())).ok().out().lines()
                .map(Long::parseLong).toList();
        assertThat(javaValues).isEqualTo(pythonValues);
        // And the rounding really happens: 1,700,000,000 s + 999,999,999 ns is recorded as 1,700,000,001.
        assertThat(PycHeader.cpythonMtime(1_700_000_000L, 999_999_999L)).isEqualTo(1_700_000_001L);
        assertThat(PycHeader.cpythonMtime(1_700_000_000L, 999_999_000L)).isEqualTo(1_700_000_000L);
    }
}
