package io.pycd.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pycd.cache.CacheLayout;
import io.pycd.cache.InvalidationMode;
import io.pycd.compile.CodeFileNames;
import io.pycd.compile.CompileListener;
import io.pycd.compile.CompileReport;
import io.pycd.compile.CompileSettings;
import io.pycd.compile.TreeCompiler;
import io.pycd.interpreter.Interpreter;
import io.pycd.interpreter.InterpreterException;
import io.pycd.interpreter.Interpreters;
import io.pycd.tree.SourceWalker;
import io.pycd.tree.TreeRules;
import io.pycd.worker.WorkerPool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** Real interpreters for tests: resolution (skipping cleanly when a version is missing), running scripts, compiling. */
public final class Py {

    /** Every minor version pycd supports. */
    public static final List<String> VERSIONS = List.of("3.6", "3.7", "3.8", "3.9", "3.10", "3.11", "3.12", "3.13");

    private static final Interpreters INTERPRETERS = Interpreters.forUser();
    private static final Map<String, Optional<Interpreter>> FOUND = new ConcurrentHashMap<>();

    private Py() {
    }

    /** {@code python3.X}, or the test is skipped when it is not installed. */
    public static Interpreter get(String version) {
        Optional<Interpreter> i = find(version);
        assumeTrue(i.isPresent(), "python" + version + " is not installed");
        return i.get();
    }

    public static Optional<Interpreter> find(String version) {
        return FOUND.computeIfAbsent(version, v -> {
            try {
                return Optional.of(INTERPRETERS.resolve("python" + v));
            } catch (InterpreterException e) {
                return Optional.empty();
            }
        });
    }

    /** Installed interpreters of {@code 3.minMinor} or newer, oldest first. */
    public static List<Interpreter> installed(int minMinor) {
        List<Interpreter> out = new ArrayList<>();
        for (String v : VERSIONS) {
            if (Integer.parseInt(v.substring(2)) >= minMinor) {
                find(v).ifPresent(out::add);
            }
        }
        return out;
    }

    /** The outcome of a process. */
    public record Run(int exit, String out, String err) {
        public Run ok() {
            if (exit != 0) {
                throw new AssertionError("exit " + exit + "\nstdout:\n" + out + "\nstderr:\n" + err);
            }
            return this;
        }
    }

    /** Runs {@code interpreter args...} and waits (at most 5 minutes). */
    public static Run run(Interpreter interpreter, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(interpreter.executable().toString());
        cmd.addAll(args);
        return exec(cmd, null, Map.of(), null);
    }

    /** Runs a Python script given as text, with arguments. */
    public static Run script(Interpreter interpreter, Path dir, String text, List<String> preArgs, List<String> args) {
        try {
            Path file = Files.createTempFile(dir, "verify", ".py");
            Files.writeString(file, text);
            List<String> cmd = new ArrayList<>(preArgs);
            cmd.add(file.toString());
            cmd.addAll(args);
            return run(interpreter, cmd);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Run exec(List<String> cmd, Path workdir, Map<String, String> env, String stdin) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd);
            if (workdir != null) {
                pb.directory(workdir.toFile());
            }
            pb.environment().putAll(env);
            Path out = Files.createTempFile("pycd-test", ".out");
            Path err = Files.createTempFile("pycd-test", ".err");
            pb.redirectOutput(out.toFile()).redirectError(err.toFile());
            Process p = pb.start();
            if (stdin != null) {
                p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            p.getOutputStream().close();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + cmd);
            }
            Run r = new Run(p.exitValue(), Files.readString(out), Files.readString(err));
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

    /** Settings with two workers per interpreter and a generous time limit. */
    public static CompileSettings settings(List<Interpreter> interpreters, List<Integer> levels, InvalidationMode mode,
                                           CacheLayout layout, CodeFileNames names, boolean hardlinkDupes) {
        return new CompileSettings(interpreters, levels, mode, layout, names, hardlinkDupes,
                new WorkerPool.Settings(2, Duration.ofSeconds(120), 0), CompileSettings.DEFAULT_MAX_SOURCE_BYTES);
    }

    public static CompileSettings settings(Interpreter interpreter) {
        return settings(List.of(interpreter), List.of(0), InvalidationMode.TIMESTAMP, new CacheLayout.Pycache(),
                CodeFileNames.asFound(), false);
    }

    public static CompileReport compile(CompileSettings settings, Path... roots) {
        return compile(settings, false, roots);
    }

    public static CompileReport compile(CompileSettings settings, boolean force, Path... roots) {
        try {
            return new TreeCompiler(settings, new SourceWalker(TreeRules.none(), -1), force)
                    .compile(List.of(roots), CompileListener.NONE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a file (creating folders), UTF-8. */
    public static Path write(Path file, String text) {
        return write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    public static Path write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, bytes);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A wrapper around a real interpreter that logs each start (its pid) to {@code log} and runs {@code prelude}
     * (Python) before the script given with {@code -c}: lets tests count worker starts and stall a compile.
     */
    public static Interpreter logging(Interpreter real, Path dir, Path log, String prelude) {
        try {
            Path hook = write(dir.resolve("prelude.py"), prelude);
            Path wrapper = dir.resolve("python-wrapper");
            String sh = "#!/bin/sh\n"
                    + "echo $$ >> '" + log + "'\n"
                    + "if [ \"$2\" = -c ]; then exec '" + real.executable() + "' \"$1\" -c \"$(cat '" + hook + "')\n$3\"; fi\n"
                    + "exec '" + real.executable() + "' \"$@\"\n";
            Files.writeString(wrapper, sh);
            Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
            return new Interpreter(wrapper, real.version(), real.implementation(), real.cacheTag(), real.magic());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lines in a log written by {@link #logging}. */
    public static List<String> lines(Path log) {
        try {
            return Files.exists(log) ? Files.readAllLines(log) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
