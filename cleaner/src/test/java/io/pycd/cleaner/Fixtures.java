package io.pycd.cleaner;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pycd.interpreter.Interpreter;
import io.pycd.interpreter.InterpreterException;
import io.pycd.interpreter.Interpreters;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Trees with caches written by real interpreters. */
final class Fixtures {

    private Fixtures() {
    }

    /** The interpreter, or the test is skipped when this machine lacks it. */
    static Interpreter python(String name) {
        try {
            return Interpreters.forUser().resolve(name);
        } catch (InterpreterException e) {
            assumeTrue(false, name + " is not installed here: " + e.getMessage());
            throw new AssertionError(e);
        }
    }

    /** {@code python -m compileall -q ARGS}, failing the test when it fails. */
    static void compileall(Interpreter python, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(python.executable().toString(), "-I", "-m", "compileall", "-q"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new AssertionError("compileall failed: " + cmd + "\n" + out);
        }
    }

    static Path write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /** Every path under {@code root} (links not followed), relative, sorted. */
    static List<String> listing(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> !p.equals(root)).map(p -> root.relativize(p).toString()).sorted().toList();
        }
    }

    static boolean exists(Path p) {
        return Files.exists(p, LinkOption.NOFOLLOW_LINKS);
    }
}
