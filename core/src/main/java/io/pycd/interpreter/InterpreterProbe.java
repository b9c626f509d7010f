package io.pycd.interpreter;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Asks an interpreter for its facts by running it once: {@code python -I -c <script>}. {@code -I} leaves
 * {@code sys.prefix}, and so a virtualenv's {@code sysconfig} paths, as they are: pyvenv.cfg is read whatever the flags.
 */
final class InterpreterProbe {

    /** What one probe learns. */
    record Facts(Interpreter interpreter, InstallPaths paths) {
    }

    /**
     * Starts the answer on standard output: whatever site's {@code .pth} files print at start-up (a broken editable
     * install's hook prints "Error processing line 1 of ...") comes before it, or on standard error.
     */
    private static final String MARKER = "--- pycd probe ---";

    private static final String SCRIPT = String.join("\n",
            "import sys, importlib.util, sysconfig",
            "print('" + MARKER + "')",
            "print(sys.executable)",
            "print('%d.%d.%d' % sys.version_info[:3])",
            "print(sys.implementation.name)",
            "print(sys.implementation.cache_tag)",
            "print(importlib.util.MAGIC_NUMBER.hex())",
            "p = sysconfig.get_paths()",
            "print(p['stdlib']); print(p['platstdlib']); print(p['purelib']); print(p['platlib'])");

    /** Lines of the answer after the marker. */
    private static final int LINES = 9;

    /** What {@code python -V} prints, on standard output (3.4+) or standard error (Python 2). */
    private static final Pattern VERSION = Pattern.compile("Python (([0-9]+)\\.([0-9]+)\\S*)");

    private InterpreterProbe() {
    }

    /** What a process printed on standard output and on standard error, and how it exited. */
    private record Answer(int exit, String out, String err) {
        /** Every line, standard output's then standard error's. */
        List<String> lines() {
            List<String> all = new ArrayList<>(split(out));
            all.addAll(split(err));
            return all;
        }

        String firstLine() {
            return lines().stream().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("no answer");
        }

        /** The probe's answer: standard output's lines after the marker (none without it). */
        List<String> afterMarker() {
            int at = out.lastIndexOf(MARKER + "\n");
            return at < 0 ? List.of() : split(out.substring(at + MARKER.length() + 1));
        }

        private static List<String> split(String text) {
            String t = text.strip();
            return t.isEmpty() ? List.of() : List.of(t.split("\\R"));
        }
    }

    static Facts probe(Path command) throws InterpreterException {
        return probe(command, Interpreters.answerWithin());
    }

    /** {@link #probe(Path)}, with {@code within} for each question (tests). */
    static Facts probe(Path command, Duration within) throws InterpreterException {
        Answer answer = ask(command, within, "-I", "-c", SCRIPT);
        List<String> lines = answer.afterMarker();
        if (answer.exit() != 0 || lines.size() != LINES) {
            // The script did not run. Python 2 knows no -I (and the script needs Python 3): ask what every Python
            // answers, so that an old Python is named by its version rather than by its complaint.
            Optional<String> version = version(command, within);
            if (version.isPresent() && !supported(version.get())) {
                throw new UnsupportedInterpreterException(command.toString(), version.get());
            }
            throw new InterpreterException(command + ": not a Python 3 interpreter pycd can use ("
                    + answer.firstLine() + ")");
        }
        try {
            if ("None".equals(lines.get(3))) {
                throw new InterpreterException(command
                        + ": writes no bytecode caches (sys.implementation.cache_tag is None)");
            }
            if (!supported(lines.get(1))) {
                throw new UnsupportedInterpreterException(command.toString(), lines.get(1));
            }
            Path executable = lines.get(0).isBlank() ? command : Path.of(lines.get(0));
            return new Facts(new Interpreter(executable, lines.get(1), lines.get(2), lines.get(3),
                    magicFromHex(lines.get(4))), new InstallPaths(Path.of(lines.get(5)), Path.of(lines.get(6)),
                    Path.of(lines.get(7)), Path.of(lines.get(8))));
        } catch (RuntimeException e) {
            throw new InterpreterException(command + ": unexpected answer (" + e.getMessage() + ")", e);
        }
    }

    /** The one rule of which versions pycd targets: CPython's cache layout and pycd's worker need 3.6. */
    static boolean supported(String version) {
        Matcher m = Pattern.compile("([0-9]+)\\.([0-9]+).*").matcher(version);
        if (!m.matches()) {
            return false;
        }
        int major = Integer.parseInt(m.group(1));
        return major > 3 || major == 3 && Integer.parseInt(m.group(2)) >= 6;
    }

    /** The version {@code command -V} names, if it names one. */
    private static Optional<String> version(Path command, Duration within) throws InterpreterException {
        for (String line : ask(command, within, "-V").lines()) {
            Matcher m = VERSION.matcher(line.strip());
            if (m.matches()) {
                return Optional.of(m.group(1));
            }
        }
        return Optional.empty();
    }

    private static Answer ask(Path command, Duration within, String... args) throws InterpreterException {
        List<String> argv = new ArrayList<>(List.of(command.toString()));
        argv.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(argv)
                    .redirectInput(ProcessBuilder.Redirect.PIPE)
                    .start();
        } catch (IOException e) {
            throw new InterpreterException(command + ": cannot run: " + e.getMessage(), e);
        }
        String gaveUp = command + ": did not answer within " + seconds(within);
        try {
            process.getOutputStream().close();
            // Both pipes are drained on threads of their own: neither can fill up and stall the other, and the wait
            // below keeps its deadline whatever the process (or one it started) does with them.
            CompletableFuture<byte[]> out = drain(process.getInputStream(), command);
            CompletableFuture<byte[]> err = drain(process.getErrorStream(), command);
            long deadline = System.nanoTime() + within.toNanos();
            if (!process.waitFor(within.toNanos(), TimeUnit.NANOSECONDS)) {
                stop(process);
                throw new InterpreterException(gaveUp, false);
            }
            // It exited, but a process it started may still hold the pipes open: what came before the deadline counts.
            byte[] bytes = out.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            byte[] errors = err.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return new Answer(process.exitValue(), new String(bytes, StandardCharsets.UTF_8),
                    new String(errors, StandardCharsets.UTF_8));
        } catch (TimeoutException e) {
            stop(process);
            throw new InterpreterException(gaveUp, false);
        } catch (IOException | ExecutionException e) {
            stop(process);
            throw new InterpreterException(command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(process);
            throw new InterpreterException(command + ": interrupted", false);
        }
    }

    /** Reads at most 64 KiB of {@code in} on a daemon thread of its own (a pipe that never ends holds only it). */
    private static CompletableFuture<byte[]> drain(InputStream in, Path command) {
        CompletableFuture<byte[]> read = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try (in) {
                read.complete(in.readNBytes(64 * 1024));
            } catch (IOException e) {
                read.complete(new byte[0]);
            }
        }, "pycd-probe " + command.getFileName());
        t.setDaemon(true);
        t.start();
        return read;
    }

    /**
     * Stops {@code process} and every process it started: an interpreter wrapper (a shell script, a shim) that hangs
     * is usually waiting on a child, which would otherwise be left running, holding the pipes. The children are
     * listed first: once their parent is gone, they are no longer its descendants.
     */
    private static void stop(Process process) {
        List<ProcessHandle> started = process.descendants().toList();
        process.destroyForcibly();
        started.forEach(ProcessHandle::destroyForcibly);
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /** {@code '550d0d0a'} (the header bytes) to the little-endian u32 the header holds. */
    static int magicFromHex(String hex) {
        if (hex.length() != 8) {
            throw new IllegalArgumentException("magic number " + hex);
        }
        int value = 0;
        for (int i = 3; i >= 0; i--) {
            value = (value << 8) | Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return value;
    }
}
