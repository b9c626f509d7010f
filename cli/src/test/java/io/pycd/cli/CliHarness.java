package io.pycd.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.pycd.environment.Environment;
import io.pycd.interpreter.Interpreter;
import io.pycd.testing.Processes;
import io.pycd.testing.Py;
import io.pycd.testing.TestFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs pycd in-process (Main.run, output captured) or as bin/pycd (through the testing module's process runner), for
 * CLI tests.
 */
final class CliHarness {

    /** Reads the JSON pycd prints (pycd itself writes its documents without an ObjectMapper: JsonText). */
    static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private CliHarness() {
    }

    record Result(int exit, String out, String err) {
        JsonNode json() {
            try {
                return CliHarness.JSON.readTree(out);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + out + "\n" + err, e);
            }
        }

        @Override
        public String toString() {
            return "exit " + exit + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    /** {@code python3.X} as pycd sees it; the test is skipped when it is not installed. */
    static Interpreter python(String version) {
        return Py.get(version);
    }

    /** Main.run with stdout, stderr (and optionally stdin) captured. Not thread-safe: tests run one at a time. */
    static synchronized Result withStdin(String stdin, String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        InputStream oldIn = System.in;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            if (stdin != null) {
                System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            }
            int exit = Main.commandLine().setOut(new java.io.PrintWriter(System.out, true))
                    .setErr(new java.io.PrintWriter(System.err, true)).execute(args);
            return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
            System.setIn(oldIn);
        }
    }

    static Result run(String... args) {
        return withStdin(null, args);
    }

    /**
     * Changes for {@link #runIn} that leave pycd only the interpreters linked into {@code bin}: PATH is {@code bin},
     * an empty pyenv root, no active virtualenv, and its own state folder under {@code tmp} (interpreters asked anew).
     */
    static Map<String, String> onlyInterpretersIn(Path bin, Path tmp) {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", bin.toString());
        env.put("PYENV_ROOT", tmp.resolve("no-pyenv").toString());
        env.put("XDG_CACHE_HOME", tmp.resolve("cache").toString());
        env.put("VIRTUAL_ENV", null);
        return env;
    }

    /**
     * Main.run in-process, its settings resolved in this process's environment with {@code changes} (a null value
     * removes a variable): PATH, PYENV_ROOT, VIRTUAL_ENV, PYTHONPYCACHEPREFIX... as a shell would pass them.
     */
    static synchronized Result runIn(Map<String, String> changes, String... args) {
        Map<String, String> variables = new HashMap<>(System.getenv());
        changes.forEach((k, v) -> {
            if (v == null) {
                variables.remove(k);
            } else {
                variables.put(k, v);
            }
        });
        java.util.function.Supplier<Environment> before = CacheOptions.environment;
        CacheOptions.environment = () -> Environment.of(variables, Path.of("").toAbsolutePath(),
                Path.of(System.getProperty("user.home")));
        try {
            return run(args);
        } finally {
            CacheOptions.environment = before;
        }
    }

    /** The project's folder (holding bin/pycd). */
    static Path home() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isRegularFile(p.resolve("bin/pycd"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("bin/pycd not found above " + Path.of("").toAbsolutePath());
        }
        return p;
    }

    /** Runs bin/pycd as a user would; {@code unset} names variables to remove from the environment. */
    static Result binPycd(Path workdir, Map<String, String> env, List<String> unset, String stdin, String... args) {
        List<String> cmd = new ArrayList<>(List.of(home().resolve("bin/pycd").toString()));
        cmd.addAll(List.of(args));
        Map<String, String> changes = new HashMap<>(env);
        unset.forEach(name -> changes.put(name, null));
        Processes.Run r = Processes.exec(cmd, workdir, changes, stdin);
        return new Result(r.exit(), r.out(), r.err());
    }

    static Path write(Path file, String text) {
        return TestFiles.write(file, text);
    }

    static List<String> fieldNames(JsonNode n) {
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
