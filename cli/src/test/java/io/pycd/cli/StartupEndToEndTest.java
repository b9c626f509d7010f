package io.pycd.cli;

import static io.pycd.cli.CliHarness.binPycd;
import static io.pycd.cli.CliHarness.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pycd.interpreter.Interpreter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pycd startup} as a user runs it (bin/pycd on the packaged jar): the command's output and exit code are its
 * own, the report goes to standard error or --report, and --fix turns compiled-at-run-time into from-cache.
 */
class StartupEndToEndTest {

    /** The machine's environment sets these; the tests say what they want instead. */
    private static final List<String> UNSET = List.of("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX", "PYTHONPATH");

    @TempDir
    Path tmp;

    @BeforeAll
    static void packaged() {
        Path jar = CliHarness.home().resolve("cli/target/pycd.jar");
        assumeTrue(Files.isRegularFile(jar), "run after package: cli/target/pycd.jar");
    }

    private CliHarness.Result pycd(Map<String, String> env, String... args) {
        return binPycd(tmp, env, UNSET.stream().filter(name -> !env.containsKey(name)).toList(), null, args);
    }

    @Test
    void theCommandsOutputAndExitCodeAreItsOwnAndTheReportGoesToStandardError() {
        Interpreter python = CliHarness.python("3.12");
        write(tmp.resolve("helper.py"), "X = 1\n");
        CliHarness.Result r = pycd(Map.of(), "startup", python.executable().toString(), "-c",
                "import sys, helper; print('to stdout'); print('to stderr', file=sys.stderr); sys.exit(3)");
        assertThat(r.exit()).as(r.toString()).isEqualTo(3);
        assertThat(r.out()).isEqualTo("to stdout\n");
        assertThat(r.err()).startsWith("to stderr\nstartup: exit 3 · ")
                .contains("compiled at run time 1 in ", "  why: no-cache 1\n", " no-cache ", "helper  "
                        + tmp.resolve("helper.py"));
    }

    @Test
    void jsonToAReportFileAndFixTurnsRunTimeCompilesIntoCaches() throws Exception {
        Interpreter python = CliHarness.python("3.12");
        write(tmp.resolve("app/pkg/__init__.py"), "from . import a, b\n");
        write(tmp.resolve("app/pkg/a.py"), "A = 1\n");
        write(tmp.resolve("app/pkg/b.py"), "B = 2\n");
        Path report = tmp.resolve("report.json");
        CliHarness.Result r = pycd(Map.of("PYTHONDONTWRITEBYTECODE", "1"), "startup", "--fix", "--format", "json",
                "--report", report.toString(), "--", python.executable().toString(), "-c",
                "import sys; sys.path.insert(0, 'app'); import pkg; print(pkg.a.A + pkg.b.B)");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("3\n3\n");
        assertThat(r.err()).isEmpty();

        JsonNode doc = CliHarness.JSON.readTree(report.toFile());
        assertThat(CliHarness.fieldNames(doc)).containsExactly("command", "exit_code", "seconds", "import_seconds",
                "compile_seconds", "compiled", "from_cache", "processes", "fix", "after_fix");
        assertThat(doc.get("command").get(0).asText()).isEqualTo(python.executable().toString());
        assertThat(doc.get("compiled")).hasSize(3).allSatisfy(m -> {
            assertThat(CliHarness.fieldNames(m)).startsWith("module", "source", "reason", "ms");
            assertThat(m.get("reason").asText()).isEqualTo("dont-write-bytecode");
            assertThat(m.get("ms").asDouble()).isPositive();
        });
        assertThat(doc.get("compile_seconds").asDouble()).isPositive()
                .isLessThanOrEqualTo(doc.get("import_seconds").asDouble());
        assertThat(doc.get("processes").get(0).get("dont_write_bytecode").asBoolean()).isTrue();
        assertThat(doc.get("fix").get("written").asInt()).isEqualTo(3);
        assertThat(doc.get("fix").get("failed")).isEmpty();
        JsonNode after = doc.get("after_fix");
        assertThat(after.get("exit_code").asInt()).isZero();
        assertThat(after.get("compiled")).isEmpty();
        assertThat(after.get("from_cache").asInt()).isGreaterThanOrEqualTo(doc.get("from_cache").asInt() + 3);
        assertThat(tmp.resolve("app/pkg/__pycache__/a.cpython-312.pyc")).isRegularFile();
    }

    @Test
    void aCommandThatCannotStartOrIsNotObservedIsExitTwo() {
        CliHarness.Result missing = pycd(Map.of(), "startup", tmp.resolve("no-such-python").toString());
        assertThat(missing.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.err()).isEqualTo("pycd: cannot run " + tmp.resolve("no-such-python")
                + ": No such file or directory\n");

        Interpreter python = CliHarness.python("3.12");
        CliHarness.Result isolated = pycd(Map.of(), "startup", python.executable().toString(), "-I", "-c",
                "print('ran'); raise SystemExit(5)");
        assertThat(isolated.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(isolated.out()).isEqualTo("ran\n");
        assertThat(isolated.err()).startsWith("pycd: no Python process reported").endsWith("it exited 5\n");
    }
}
