package io.pycd.cli;

import static io.pycd.cli.CliHarness.binPycd;
import static io.pycd.cli.CliHarness.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pycd.interpreter.Interpreter;
import io.pycd.testing.CacheOracle;
import io.pycd.testing.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/pycd run with Python's cache variables in its environment, as a shell passes them. */
class EnvironmentVariablesEndToEndTest {

    @TempDir
    Path tmp;

    @BeforeAll
    static void packaged() {
        assumeTrue(Files.isRegularFile(CliHarness.home().resolve("cli/target/pycd.jar")),
                "run after package: cli/target/pycd.jar");
    }

    @Test
    void pythonPycachePrefixIsWherePycdWritesAndWhereCpythonReads() throws Exception {
        Interpreter python = CliHarness.python("3.12");
        Path source = write(tmp.resolve("proj/pkg/mod.py"), "VALUE = 41 + 1\n");
        Path prefix = tmp.resolve("prefix");
        CliHarness.Result r = binPycd(tmp, Map.of("PYTHONPYCACHEPREFIX", "prefix"), List.of(), null,
                "compile", "--python", "python3.12", "proj");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(tmp.resolve("proj/pkg/__pycache__")).doesNotExist();
        Path cache = prefix.resolve(tmp.getRoot().relativize(tmp)).resolve("proj/pkg/mod.cpython-312.pyc");
        assertThat(cache).isRegularFile();
        CacheOracle.check(python.executable(), 0, "timestamp", prefix,
                List.of(new CacheOracle.Entry(source, cache, source.toString())), List.of(), tmp).assertRight();
        // CPython given the same variable finds the cache and writes nothing.
        Processes.Run imported = Processes.exec(List.of(python.executable().toString(), "-c",
                "import sys; sys.path.insert(0, 'proj'); import importlib.util as u, pkg.mod as m; "
                        + "print(u.cache_from_source(m.__file__)); print(m.__cached__)"),
                tmp, Map.of("PYTHONPYCACHEPREFIX", "prefix"), null).ok();
        // A relative prefix stays relative in sys.pycache_prefix: it is taken from the working folder.
        assertThat(imported.out().lines().map(tmp::resolve).toList()).containsOnly(cache);
        assertThat(binPycd(tmp, Map.of("PYTHONPYCACHEPREFIX", "prefix"), List.of(), null, "status", "--check",
                "--python", "python3.12", "proj").exit()).isZero();
        assertThat(binPycd(tmp, Map.of(), List.of(), null, "status", "--check", "--python", "python3.12", "proj")
                .exit()).as("without the variable the caches are missing from __pycache__").isEqualTo(1);
    }

    @Test
    void pythonDontWriteBytecodeIsSaidOnceAndDoesNotStopPycd() {
        CliHarness.python("3.12");
        write(tmp.resolve("proj/a.py"), "A = 1\n");
        write(tmp.resolve("proj/b.py"), "B = 1\n");
        CliHarness.Result text = binPycd(tmp, Map.of("PYTHONDONTWRITEBYTECODE", "1"), List.of(), null,
                "compile", "--python", "python3.12", "proj");
        assertThat(text.exit()).as(text.toString()).isZero();
        assertThat(text.err().lines().toList()).singleElement().asString()
                .startsWith("pycd: warning: PYTHONDONTWRITEBYTECODE is set");
        assertThat(tmp.resolve("proj/__pycache__/a.cpython-312.pyc")).isRegularFile();
        CliHarness.Result json = binPycd(tmp, Map.of("PYTHONDONTWRITEBYTECODE", "1"), List.of(), null,
                "compile", "--python", "python3.12", "--format", "json", "proj");
        assertThat(json.err()).isEmpty();
        JsonNode doc = json.json();
        assertThat(doc.get("dont_write_bytecode").asBoolean()).isTrue();
        CliHarness.Result unset = binPycd(tmp, Map.of(), List.of("PYTHONDONTWRITEBYTECODE"), null,
                "compile", "--python", "python3.12", "--format", "json", "proj");
        assertThat(unset.json().get("dont_write_bytecode").asBoolean()).isFalse();
    }
}
