package io.pycd.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pycd.interpreter.Interpreter;
import io.pycd.interpreter.InterpreterException;
import io.pycd.interpreter.Interpreters;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs pycd in-process (Main.run, output captured) or as bin/pycd, and real interpreters for CLI tests. */
final class CliHarness {

    private CliHarness() {
    }

    record Result(int exit, String out, String err) {
        JsonNode json() {
            try {
                return Json.mapper().readTree(out);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + out + "\n" + err, e);
            }
        }

        @Override
        public String toString() {
            return "exit " + exit + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    static Interpreter python(String version) {
        try {
            return Interpreters.forUser().resolve("python" + version);
        } catch (InterpreterException e) {
            assumeTrue(false, "python" + version + " is not installed");
            return null;
        }
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
        try {
            List<String> cmd = new ArrayList<>(List.of(home().resolve("bin/pycd").toString()));
            cmd.addAll(List.of(args));
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(workdir.toFile());
            pb.environment().putAll(env);
            for (Iterator<String> it = unset.iterator(); it.hasNext(); ) {
                pb.environment().remove(it.next());
            }
            Path out = Files.createTempFile("pycd", ".out");
            Path err = Files.createTempFile("pycd", ".err");
            pb.redirectOutput(out.toFile()).redirectError(err.toFile());
            Process p = pb.start();
            if (stdin != null) {
                p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            p.getOutputStream().close();
            if (!p.waitFor(3, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("bin/pycd hung: " + cmd);
            }
            Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
            Files.delete(out);
            Files.delete(err);
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static Path write(Path file, String text) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> fieldNames(JsonNode n) {
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
