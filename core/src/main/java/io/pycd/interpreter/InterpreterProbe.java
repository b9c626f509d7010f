package io.pycd.interpreter;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
        Answer answer = ask(command, "-I", "-c", SCRIPT);
        List<String> lines = answer.afterMarker();
        if (answer.exit() != 0 || lines.size() != LINES) {
            // The script did not run. Python 2 knows no -I (and the script needs Python 3): ask what every Python
            // answers, so that an old Python is named by its version rather than by its complaint.
            Optional<String> version = version(command);
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
    private static Optional<String> version(Path command) throws InterpreterException {
        for (String line : ask(command, "-V").lines()) {
            Matcher m = VERSION.matcher(line.strip());
            if (m.matches()) {
                return Optional.of(m.group(1));
            }
        }
        return Optional.empty();
    }

    private static Answer ask(Path command, String... args) throws InterpreterException {
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
        try (InputStream out = process.getInputStream(); InputStream err = process.getErrorStream()) {
            process.getOutputStream().close();
            // Standard error is drained on its own thread so that neither pipe can fill up and stall the other.
            CompletableFuture<byte[]> errors = CompletableFuture.supplyAsync(() -> {
                try {
                    return err.readNBytes(64 * 1024);
                } catch (IOException e) {
                    return new byte[0];
                }
            });
            byte[] bytes = out.readNBytes(64 * 1024);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new InterpreterException(command + ": did not answer within 30 s", false);
            }
            return new Answer(process.exitValue(), new String(bytes, StandardCharsets.UTF_8),
                    new String(errors.join(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new InterpreterException(command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new InterpreterException(command + ": interrupted", false);
        }
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
