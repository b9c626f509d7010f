package io.pycd.compile;

import static org.assertj.core.api.Assertions.assertThat;

import io.pycd.cache.CacheLayout;
import io.pycd.cache.InvalidationMode;
import io.pycd.interpreter.Interpreter;
import io.pycd.settings.CodeFileNames;
import io.pycd.settings.CompileSettings;
import io.pycd.settings.WorkerLimits;
import io.pycd.testing.CacheCheck;
import io.pycd.testing.Compiling;
import io.pycd.testing.Py;
import io.pycd.testing.TestFiles;
import io.pycd.tree.SourceFile;
import io.pycd.tree.WalkProblem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each bad input is one clear per-file error; everything else is compiled; nothing hangs. */
class BadInputTest {

    @TempDir
    Path tmp;

    private static final List<String> GOOD = List.of("good.py", "with space.py", "new\nline.py",
            "\u00fcn\u00efcode_\u6a21\u5757.py", "x.py/inner.py", "deep/er/mod.py");

    static Path badTree(Path root) throws Exception {
        TestFiles.write(root.resolve("syntax.py"), "x = 1\ndef f(:\n    pass\n");
        TestFiles.write(root.resolve("indent.py"), "if x:\npass\n");
        TestFiles.write(root.resolve("nul.py"), "x = 1\u0000\n".getBytes(StandardCharsets.UTF_8));
        TestFiles.write(root.resolve("utf8.py"), new byte[] {'x', ' ', '=', ' ', '\'', (byte) 0xff, '\'', '\n'});
        TestFiles.write(root.resolve("codec.py"), "# -*- coding: nosuchcodec -*-\nx = 1\n");
        TestFiles.write(root.resolve("bom.py"), "\ufeff# -*- coding: latin-1 -*-\nx = 1\n");
        TestFiles.write(root.resolve("parens.py"), "(".repeat(100_000) + ")".repeat(100_000) + "\n");
        TestFiles.write(root.resolve("terms.py"), "x = " + "a+".repeat(300_000) + "a\n");
        TestFiles.write(root.resolve("bigint.py"), "x = " + "1".repeat(5_000) + "\n");
        TestFiles.write(root.resolve("huge.py"), "x = 1\n".repeat(200_000)); // 1.2 MB, over the limit set below
        for (String good : GOOD) {
            TestFiles.write(root.resolve(good), "'''docs'''\nVALUE = " + good.length() + "\n");
        }
        Files.createSymbolicLink(root.resolve("dangling.py"), root.resolve("nowhere.py"));
        return root;
    }

    @ParameterizedTest(name = "python{0}")
    @ValueSource(strings = {"3.8", "3.10", "3.11", "3.12", "3.13"})
    void eachBadFileIsOneClearErrorAndTheRestCompiles(String version) throws Exception {
        Interpreter python = Py.get(version);
        Path root = badTree(tmp.resolve("t"));
        CompileSettings settings = new CompileSettings(List.of(python), List.of(0), InvalidationMode.TIMESTAMP,
                new CacheLayout.Pycache(), CodeFileNames.absolute(), false,
                new WorkerLimits(2, Duration.ofSeconds(120), 0), 1_000_000);
        CompileReport report = Compiling.compile(settings, root);

        assertThat(report.written()).extracting(w -> root.relativize(w.source()).toString())
                .containsExactlyInAnyOrderElementsOf(GOOD);
        Map<String, CompileResult.Failed> failed = report.failed().stream()
                .collect(Collectors.toMap(f -> f.source().getFileName().toString(), Function.identity()));
        assertThat(failed.keySet()).containsExactlyInAnyOrder("syntax.py", "indent.py", "nul.py", "utf8.py",
                "codec.py", "bom.py", "parens.py", "terms.py", "bigint.py", "huge.py");
        assertThat(failed.values()).allSatisfy(f -> {
            assertThat(f.message()).isNotBlank();
            assertThat(f.describe()).startsWith(f.source().toString()).contains(f.error().label() + ": " + f.message());
        });

        CompileResult.Failed syntax = failed.get("syntax.py");
        assertThat(syntax.error()).isEqualTo(new CompileError.Raised("SyntaxError"));
        assertThat(syntax.line()).isEqualTo(2);
        assertThat(syntax.column()).isPositive();
        assertThat(syntax.describe()).matches("\\Q" + root.resolve("syntax.py") + "\\E:2:\\d+: SyntaxError: .+");
        assertThat(failed.get("indent.py").error().label()).isEqualTo("IndentationError");
        assertThat(failed.get("indent.py").line()).isEqualTo(2);
        assertThat(failed.get("nul.py").error().label()).isEqualTo(python.minor() <= 10 ? "ValueError" : "SyntaxError");
        for (String enc : List.of("utf8.py", "codec.py", "bom.py", "bigint.py")) {
            assertThat(failed.get(enc).error().label()).as(enc).isEqualTo("SyntaxError");
        }
        // 3.8's old parser runs out of stack ("s_push: parser stack overflow")
        assertThat(failed.get("parens.py").error().label()).isEqualTo(python.minor() <= 8 ? "MemoryError" : "SyntaxError");
        // RecursionError or MemoryError, or (3.8) a segfault: a crashed worker is reported and replaced.
        assertThat(failed.get("terms.py").error().label()).isIn("RecursionError", "MemoryError", "WorkerLost");
        assertThat(failed.get("huge.py").error()).isEqualTo(CompileError.Own.TOO_LARGE);
        assertThat(failed.get("huge.py").message()).contains("--max-size");

        assertThat(report.problems()).extracting(WalkProblem::path).containsExactly(root.resolve("dangling.py"));
        assertThat(report.problems().get(0).reason()).contains("dangling symlink");
        assertThat(report.ok()).isFalse();

        // the good ones, odd names included, are what CPython writes; the bad ones are what compile() rejects
        assertThat(CacheCheck.verify(python, settings, report, tmp, null, null)).isEqualTo(GOOD.size());
    }

    @Test
    void aFileThatVanishesBeforeItIsReadIsReported() throws Exception {
        Interpreter python = Py.get("3.12");
        Path gone = TestFiles.write(tmp.resolve("gone.py"), "x = 1\n");
        Files.delete(gone);
        try (CacheCompiler c = new CacheCompiler(Compiling.settings(python))) {
            CompileResult r = c.compile(new SourceFile(gone, tmp, "gone.py", 6, 0), python).get();
            assertThat(r).isInstanceOfSatisfying(CompileResult.Failed.class, f -> {
                assertThat(f.error()).isEqualTo(CompileError.Own.READ_ERROR);
                assertThat(f.message()).contains("vanished");
            });
            assertThat(c.workersStarted()).isZero();
        }
    }

    @Test
    void aPycacheThatIsAFileIsAWriteErrorNamingThePath() throws Exception {
        Interpreter python = Py.get("3.12");
        Path root = tmp.resolve("t");
        TestFiles.write(root.resolve("a/m.py"), "x = 1\n");
        TestFiles.write(root.resolve("a/__pycache__"), "not a folder");
        TestFiles.write(root.resolve("b/n.py"), "y = 1\n");
        CompileReport r = Compiling.compile(Compiling.settings(python), root);
        assertThat(r.written()).extracting(CompileResult::source).containsExactly(root.resolve("b/n.py"));
        assertThat(r.failed()).singleElement().satisfies(f -> {
            assertThat(f.source()).isEqualTo(root.resolve("a/m.py"));
            assertThat(f.error()).isEqualTo(CompileError.Own.WRITE_ERROR);
            assertThat(f.message()).contains("__pycache__").contains("not a folder");
        });
    }

    /** CPython would follow the link and write outside the tree; pycd refuses and says why. */
    @Test
    void aSymlinkedPycacheIsNeverWrittenThrough() throws Exception {
        Interpreter python = Py.get("3.12");
        Path root = tmp.resolve("t");
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        TestFiles.write(root.resolve("m.py"), "x = 1\n");
        Files.createSymbolicLink(root.resolve("__pycache__"), outside);
        CompileReport r = Compiling.compile(Compiling.settings(python), root);
        assertThat(r.failed()).singleElement().satisfies(f -> {
            assertThat(f.error()).isEqualTo(CompileError.Own.WRITE_ERROR);
            assertThat(f.message()).contains("symlink");
        });
        try (var list = Files.list(outside)) {
            assertThat(list).isEmpty();
        }
    }
}
