package io.pycd.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.pycd.cache.CompiledFrom;
import io.pycd.testing.TestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompileRecordTest {

    @TempDir
    Path tmp;

    private static CompiledFrom from(int n) {
        return new CompiledFrom(1_700_000_000_123_456_789L + n, 100 + n, "(dev=803,ino=" + n + ")",
                String.format("%064x", n));
    }

    @Test
    void whatOneRunWroteTheNextRunKnows() {
        Path src = tmp.resolve("tree/pkg/m.py");
        Path cache = tmp.resolve("tree/pkg/__pycache__/m.cpython-312.pyc");
        CompileRecord first = CompileRecord.open(tmp.resolve("record"));
        assertThat(first.lookup(src, cache)).isEmpty();
        first.wrote(src, cache, from(1));
        first.flush();
        CompileRecord second = CompileRecord.open(tmp.resolve("record"));
        assertThat(second.lookup(src, cache)).contains(from(1));
        assertThat(second.lookup(src, tmp.resolve("tree/pkg/__pycache__/m.cpython-311.pyc"))).isEmpty();
        second.wrote(src, cache, from(2));
        second.flush();
        assertThat(CompileRecord.open(tmp.resolve("record")).lookup(src, cache)).contains(from(2));
    }

    @Test
    void relativeAndAbsolutePathsAreOneSource() {
        Path rel = Path.of("target/record-test-rel/m.py");
        CompileRecord r = CompileRecord.open(tmp.resolve("record"));
        r.wrote(rel, rel.resolveSibling("m.pyc"), from(3));
        r.flush();
        assertThat(CompileRecord.open(tmp.resolve("record")).lookup(rel.toAbsolutePath(),
                rel.toAbsolutePath().resolveSibling("m.pyc"))).contains(from(3));
    }

    /** Many writers at once, each its own folder and all in one shared folder: no line is lost. */
    @Test
    void concurrentFlushesLoseNothing() {
        Path shared = tmp.resolve("tree/shared");
        List<CompletableFuture<Void>> writers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            int writer = w;
            writers.add(CompletableFuture.runAsync(() -> {
                for (int round = 0; round < 20; round++) {
                    CompileRecord r = CompileRecord.open(tmp.resolve("record"));
                    Path src = shared.resolve("w" + writer + "r" + round + ".py");
                    r.wrote(src, src.resolveSibling(src.getFileName() + "c"), from(writer * 100 + round));
                    r.flush();
                }
            }));
        }
        writers.forEach(CompletableFuture::join);
        CompileRecord r = CompileRecord.open(tmp.resolve("record"));
        for (int w = 0; w < 4; w++) {
            for (int round = 0; round < 20; round++) {
                Path src = shared.resolve("w" + w + "r" + round + ".py");
                assertThat(r.lookup(src, src.resolveSibling(src.getFileName() + "c"))).as(src.toString())
                        .contains(from(w * 100 + round));
            }
        }
    }

    @Test
    void aDamagedFileIsNoRecordAndTheNextFlushReplacesIt() throws Exception {
        Path src = tmp.resolve("tree/m.py");
        Path cache = tmp.resolve("tree/m.pyc");
        CompileRecord r = CompileRecord.open(tmp.resolve("record"));
        r.wrote(src, cache, from(1));
        r.flush();
        Path file;
        try (var files = Files.walk(tmp.resolve("record"))) {
            file = files.filter(p -> p.toString().endsWith(".tsv")).findFirst().orElseThrow();
        }
        TestFiles.write(file, "pycd-compile-record 2\n" + cache.getFileName() + "\tnot-a-number\t1\t\tff\n");
        CompileRecord damaged = CompileRecord.open(tmp.resolve("record"));
        assertThat(damaged.lookup(src, cache)).isEmpty();
        damaged.wrote(src, cache, from(2));
        damaged.flush();
        assertThat(CompileRecord.open(tmp.resolve("record")).lookup(src, cache)).contains(from(2));
    }

    @Test
    void filesUnusedForLongGo() throws Exception {
        Path kept = tmp.resolve("tree/kept/m.py");
        Path old = tmp.resolve("tree/old/m.py");
        CompileRecord r = CompileRecord.open(tmp.resolve("record"));
        r.wrote(kept, kept.resolveSibling("m.pyc"), from(1));
        r.wrote(old, old.resolveSibling("m.pyc"), from(2));
        r.flush();
        assertThat(CompileRecord.open(tmp.resolve("record")).forgetUnusedFor(java.time.Duration.ofDays(90))).isZero();
        try (var files = Files.walk(tmp.resolve("record"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".tsv")).toList()) {
                if (Files.readString(f).contains(from(2).digest())) {
                    Files.setLastModifiedTime(f, java.nio.file.attribute.FileTime.fromMillis(
                            System.currentTimeMillis() - java.time.Duration.ofDays(91).toMillis()));
                }
            }
        }
        assertThat(CompileRecord.open(tmp.resolve("record")).forgetUnusedFor(java.time.Duration.ofDays(90))).isEqualTo(1);
        CompileRecord after = CompileRecord.open(tmp.resolve("record"));
        assertThat(after.lookup(kept, kept.resolveSibling("m.pyc"))).contains(from(1));
        assertThat(after.lookup(old, old.resolveSibling("m.pyc"))).isEmpty();
    }

    @Test
    void offKnowsNothingAndKeepsNothing() {
        CompileRecord off = CompileRecord.off();
        off.wrote(tmp.resolve("m.py"), tmp.resolve("m.pyc"), from(1));
        off.flush();
        assertThat(off.lookup(tmp.resolve("m.py"), tmp.resolve("m.pyc"))).isEmpty();
        assertThat(tmp.toFile().list()).isEmpty();
    }

    @Test
    void theHeaderSecondIsCPythonsRoundedOne() {
        assertThat(new CompiledFrom(1_700_000_000_500_000_000L, 1, "", "").headerMtime()).isEqualTo(1_700_000_000L);
        // st_mtime as a double rounds 999999999 ns up to the next second, and CPython writes that second.
        assertThat(new CompiledFrom(1_700_000_000_999_999_999L, 1, "", "").headerMtime()).isEqualTo(1_700_000_001L);
    }
}
