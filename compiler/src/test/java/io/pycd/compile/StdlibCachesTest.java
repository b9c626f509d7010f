package io.pycd.compile;

import static org.assertj.core.api.Assertions.assertThat;

import io.pycd.interpreter.Interpreter;
import io.pycd.settings.CompileSettings;
import io.pycd.testing.CacheCheck;
import io.pycd.testing.Compiling;
import io.pycd.testing.Py;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Caches pycd writes for a copy of an installed standard library are the ones CPython would write: import accepts
 * each one for the source's bytes, it holds the code compile() gives, and compileall afterwards rewrites nothing.
 * The whole 3.12 library; a spread of ~150 files for every other 3.8+ version.
 */
class StdlibCachesTest {

    private static final int SUBSET = 150;

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "python{0}")
    @ValueSource(strings = {"3.8", "3.9", "3.10", "3.11", "3.12", "3.13"})
    void cachesOfAStandardLibraryAreTheOnesCPythonWrites(String version) throws IOException {
        Interpreter python = Py.get(version);
        Path stdlib = Path.of(Py.run(python, List.of("-I", "-c",
                "import sysconfig; print(sysconfig.get_path('stdlib'))")).ok().out().strip());
        Path copy = tmp.resolve("lib");
        int copied = copyStdlib(stdlib, copy, version.equals("3.12") ? 1 : -1);
        assertThat(copied).isGreaterThan(version.equals("3.12") ? 1500 : SUBSET - 10);

        CompileSettings settings = Compiling.settings(python);
        CompileReport report = Compiling.compile(settings, copy);
        assertThat(report.written().size() + report.failed().size()).isEqualTo(copied);
        assertThat(report.fresh()).isZero();
        // The standard library holds a few deliberately broken files (badsyntax_*, lib2to3 test data); no more.
        assertThat(report.failed()).hasSizeLessThan(copied / 50);
        assertThat(report.failed()).allSatisfy(f -> assertThat(f.error().label()).isIn("SyntaxError", "ValueError"));

        int checked = CacheCheck.verify(python, settings, report, tmp, null, null);
        assertThat(checked).isEqualTo(report.written().size());

        List<Path> caches = new ArrayList<>();
        report.written().forEach(w -> caches.addAll(w.caches()));
        Map<Path, String> before = CacheCheck.stamps(caches);
        Py.run(python, List.of("-m", "compileall", "-q", copy.toString())); // exits 1 for the broken files
        assertThat(CacheCheck.stamps(caches)).as("compileall rewrote nothing").isEqualTo(before);

        CompileReport again = Compiling.compile(settings, copy);
        assertThat(again.written()).isEmpty();
        assertThat(again.fresh()).isEqualTo(report.written().size());
    }

    /** Copies the library's .py files (no site-packages): all of them, or a spread of {@link #SUBSET}. */
    private static int copyStdlib(Path stdlib, Path to, int every) throws IOException {
        List<Path> sources;
        try (Stream<Path> walk = Files.walk(stdlib)) {
            sources = walk.filter(p -> p.getFileName().toString().endsWith(".py") && Files.isRegularFile(p))
                    .filter(p -> !stdlib.relativize(p).toString().contains("site-packages"))
                    .filter(p -> !stdlib.relativize(p).toString().contains("__pycache__"))
                    .sorted().toList();
        }
        int step = every > 0 ? every : Math.max(1, sources.size() / SUBSET);
        int n = 0;
        for (int i = 0; i < sources.size(); i += step) {
            Path target = to.resolve(stdlib.relativize(sources.get(i)).toString());
            Files.createDirectories(target.getParent());
            Files.copy(sources.get(i), target);
            n++;
        }
        return n;
    }
}
