package io.pycd.compile;

import static org.assertj.core.api.Assertions.assertThat;

import io.pycd.cache.CacheLayout;
import io.pycd.cache.InvalidationMode;
import io.pycd.interpreter.Interpreter;
import io.pycd.settings.CodeFileNames;
import io.pycd.settings.CompileSettings;
import io.pycd.settings.WorkerLimits;
import io.pycd.testing.Py;
import io.pycd.tree.SourceWalker;
import io.pycd.tree.TreeRules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FailureMemoTest {

    @TempDir
    Path tmp;

    private Interpreter python() {
        return Py.get("3.12");
    }

    private CompileReport run(Interpreter python, Path tree, Path memoDir) throws Exception {
        CompileSettings settings = new CompileSettings(List.of(python), List.of(0), InvalidationMode.TIMESTAMP,
                new CacheLayout.Pycache(), CodeFileNames.absolute(), false,
                new WorkerLimits(1, Duration.ofSeconds(30), 0), CompileSettings.DEFAULT_MAX_SOURCE_BYTES);
        FailureMemo memo = FailureMemo.load(memoDir, List.of(tree), Map.of(python.executable(), python));
        return new TreeCompiler(settings, new SourceWalker(TreeRules.none(), -1), false, memo)
                .compile(List.of(tree), CompileListener.NONE);
    }

    @Test
    void anUnchangedFailingSourceIsReportedAgainWithoutStartingPython() throws Exception {
        Interpreter python = python();
        Path tree = Files.createDirectories(tmp.resolve("tree"));
        Files.writeString(tree.resolve("good.py"), "x = 1\n");
        Files.writeString(tree.resolve("bad.py"), "def f(:\n");
        Path memoDir = tmp.resolve("memo");

        CompileReport first = run(python, tree, memoDir);
        assertThat(first.failed()).hasSize(1);
        assertThat(first.workersStarted()).isPositive();

        Path file;
        try (var files = Files.list(memoDir)) {
            file = files.filter(f -> f.toString().endsWith(".tsv")).findFirst().orElseThrow();
        }
        Object written = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        CompileReport second = run(python, tree, memoDir);
        assertThat(Files.readAttributes(file, BasicFileAttributes.class).fileKey())
                .as("a run that fails the same way leaves the file as it was (a rewrite renames a new one in)")
                .isEqualTo(written);
        assertThat(second.workersStarted()).isZero();
        assertThat(second.failed()).singleElement().satisfies(f -> {
            assertThat(f.source()).isEqualTo(tree.resolve("bad.py"));
            assertThat(f).isEqualTo(first.failed().get(0));
        });

        Files.writeString(tree.resolve("bad.py"), "def f():\n    pass\n");
        CompileReport fixed = run(python, tree, memoDir);
        assertThat(fixed.failed()).isEmpty();
        assertThat(fixed.written()).extracting(CompileResult::source).containsExactly(tree.resolve("bad.py"));
        assertThat(Files.readString(file)).doesNotContain("bad.py");
    }
}
