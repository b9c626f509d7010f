package io.pycd.testing;

import io.pycd.interpreter.Interpreter;
import io.pycd.interpreter.InterpreterException;
import io.pycd.interpreter.Interpreters;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The machine's real interpreters as pycd's {@link Interpreter}s: {@link Pythons} finds them, pycd's own
 * {@link Interpreters} resolves them. Shared with every module's tests through core's test jar.
 */
public final class Py {

    private static final Interpreters INTERPRETERS = Interpreters.forUser();
    private static final Map<String, Optional<Interpreter>> FOUND = new ConcurrentHashMap<>();

    private Py() {
    }

    /** {@code python3.X}, or the calling test is skipped when it is not installed. */
    public static Interpreter get(String version) {
        Pythons.require(version);
        return find(version).orElseThrow(() -> new AssertionError("pycd cannot use python" + version));
    }

    public static Optional<Interpreter> find(String version) {
        return FOUND.computeIfAbsent(version, v -> Pythons.find(v).flatMap(path -> {
            try {
                return Optional.of(INTERPRETERS.resolve(path));
            } catch (InterpreterException e) {
                return Optional.empty();
            }
        }));
    }

    /** Installed interpreters of {@code 3.minMinor} or newer, oldest first. */
    public static List<Interpreter> installed(int minMinor) {
        List<Interpreter> out = new ArrayList<>();
        for (String v : Pythons.installed(minMinor)) {
            find(v).ifPresent(out::add);
        }
        return out;
    }

    /** Runs {@code interpreter args...} and waits (at most 5 minutes). */
    public static Processes.Run run(Interpreter interpreter, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(interpreter.executable().toString());
        cmd.addAll(args);
        return Processes.exec(cmd);
    }

    /** Runs a Python script given as text, with interpreter options before it and arguments after it. */
    public static Processes.Run script(Interpreter interpreter, Path dir, String text, List<String> preArgs,
                                       List<String> args) {
        try {
            Path file = java.nio.file.Files.createTempFile(dir, "script", ".py");
            java.nio.file.Files.writeString(file, text);
            List<String> cmd = new ArrayList<>(preArgs);
            cmd.add(file.toString());
            cmd.addAll(args);
            return run(interpreter, cmd);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** {@link Pythons#loggingWrapper} as an interpreter with the real one's facts. */
    public static Interpreter logging(Interpreter real, Path dir, Path log, String prelude) {
        Path wrapper = Pythons.loggingWrapper(real.executable(), dir, log, prelude);
        return new Interpreter(wrapper, real.version(), real.implementation(), real.cacheTag(), real.magic());
    }

    /** {@link Pythons#flakyWrapper} as an interpreter with the real one's facts. */
    public static Interpreter flaky(Interpreter real, Path dir, Path log, List<String> insteadOf) {
        Path wrapper = Pythons.flakyWrapper(real.executable(), dir, log, insteadOf);
        return new Interpreter(wrapper, real.version(), real.implementation(), real.cacheTag(), real.magic());
    }
}
