package io.pycd.compile;

import static org.assertj.core.api.Assertions.assertThat;

import io.pycd.cache.CacheLayout;
import io.pycd.cache.InvalidationMode;
import io.pycd.interpreter.Interpreter;
import io.pycd.settings.CodeFileNames;
import io.pycd.settings.CompileSettings;
import io.pycd.testing.CacheCheck;
import io.pycd.testing.Compiling;
import io.pycd.testing.FullFileSystem;
import io.pycd.testing.Py;
import io.pycd.testing.TestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A compile whose caches go to a real file system too small for them (a tmpfs of 16 pages). */
class FullDiskTest {

    @TempDir
    Path tmp;

    @Test
    void theFirstFullWriteStopsTheWritingAndNothingPartialIsLeft() throws Exception {
        Interpreter python = Py.get("3.12");
        Path src = tmp.resolve("src");
        String module = IntStream.range(0, 200).mapToObj(i -> "x" + i + " = " + i).collect(Collectors.joining("\n"));
        for (int i = 1; i <= 24; i++) {
            TestFiles.write(src.resolve("m" + i + ".py"), module + "\n");
        }
        try (FullFileSystem small = FullFileSystem.mount(tmp.resolve("small"), 64)) {
            CompileSettings settings = Compiling.settings(List.of(python), List.of(0), InvalidationMode.TIMESTAMP,
                    new CacheLayout.Prefix(small.root()), CodeFileNames.absolute(), false);
            CompileReport report = Compiling.compile(settings, src);

            assertThat(report.written()).as("some caches fit").isNotEmpty();
            assertThat(report.written().size() + report.failed().size()).isEqualTo(24);
            assertThat(report.stopped()).hasValueSatisfying(s -> {
                assertThat(s.reason()).isEqualTo("No space left on device");
                assertThat(s.cache()).startsWithRaw(small.root());
            });
            assertThat(report.failed()).isNotEmpty()
                    .allSatisfy(f -> assertThat(f.error()).isEqualTo(CompileError.Own.NO_SPACE));
            // It stopped writing: only the writes already under way when the file system filled up (one per worker
            // at most) tried and failed; every other cache left was neither compiled nor written.
            long tried = report.failed().stream().filter(f -> f.message().endsWith("No space left on device")).count();
            assertThat(tried).isBetween(1L, (long) settings.workers().workers());

            // Nothing partial: the file system holds exactly the caches written, each one whole and right.
            List<Path> onDisk;
            try (Stream<Path> files = Files.walk(small.root())) {
                onDisk = files.filter(Files::isRegularFile).sorted().toList();
            }
            assertThat(onDisk).containsExactlyInAnyOrderElementsOf(
                    report.written().stream().flatMap(w -> w.caches().stream()).toList());
            assertThat(CacheCheck.verify(python, settings, report, Files.createDirectories(tmp.resolve("work")), null,
                    small.root()))
                    .isEqualTo(report.written().size());
        }
    }
}
