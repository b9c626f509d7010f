package io.pycd.compile;

import static org.assertj.core.api.Assertions.assertThat;

import io.pycd.cache.CacheLayout;
import io.pycd.cache.InvalidationMode;
import io.pycd.interpreter.Interpreter;
import io.pycd.settings.CodeFileNames;
import io.pycd.settings.CompileSettings;
import io.pycd.testing.Compiling;
import io.pycd.testing.Py;
import io.pycd.testing.TestFiles;
import io.pycd.code.CompileWarning;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The SyntaxWarnings pycd reports are the ones compile() issues in that version (what compileall shows), each once
 * however many optimization levels are written.
 */
class CompileWarningsTest {

    private static final String SOURCE = "import re\nP = re.compile(\"\\d+\")\nif 1 is 1:\n    pass\nx = [1 2]\n";
    private static final String FIXED = "import re\nP = re.compile(r\"\\d+\")\nif 1 is 1:\n    pass\n";

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"3.8", "3.11", "3.12", "3.13"})
    void theWarningsAreCompilesOwnOncePerSource(String version) throws Exception {
        Interpreter python = Py.get(version);
        Path source = TestFiles.write(tmp.resolve("w.py"), FIXED);
        CompileSettings settings = Compiling.settings(List.of(python), List.of(0, 1, 2), InvalidationMode.TIMESTAMP,
                new CacheLayout.Pycache(), CodeFileNames.absolute(), false);
        CompileReport report = Compiling.compile(settings, tmp);
        assertThat(report.failed()).isEmpty();
        List<CompileWarning> warnings = report.written().get(0).warnings();

        String expected = Py.script(python, tmp, String.join("\n",
                "import sys, warnings",
                "src = open(sys.argv[1], 'rb').read()",
                "with warnings.catch_warnings(record=True) as caught:",
                "    warnings.simplefilter('always')",
                "    compile(src, sys.argv[1], 'exec', dont_inherit=True)",
                "for w in caught:",
                "    if issubclass(w.category, SyntaxWarning):",
                "        print('%s|%d|%s' % (w.category.__name__, w.lineno, w.message))"),
                List.of("-I"), List.of(source.toString())).ok().out();
        assertThat(warnings).extracting(w -> w.category() + "|" + w.line() + "|" + w.message())
                .containsExactlyElementsOf(expected.lines().toList())
                .isNotEmpty();
        assertThat(report.written().get(0).describeWarnings())
                .allSatisfy(line -> assertThat(line).startsWith(source + ":3: SyntaxWarning: "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"3.12"})
    void aSourceThatFailsReportsItsErrorNotItsWarnings(String version) throws Exception {
        Interpreter python = Py.get(version);
        TestFiles.write(tmp.resolve("bad.py"), SOURCE);
        CompileReport report = Compiling.compile(Compiling.settings(python), tmp);
        assertThat(report.written()).isEmpty();
        assertThat(report.failed()).singleElement().satisfies(f -> assertThat(f.error().label()).isEqualTo("SyntaxError"));
    }
}
