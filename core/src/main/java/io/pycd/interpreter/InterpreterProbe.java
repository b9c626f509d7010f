package io.pycd.interpreter;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Asks an interpreter for its facts by running it once: {@code python -I -c <script>}. */
final class InterpreterProbe {

    private static final String SCRIPT = String.join("\n",
            "import sys, importlib.util",
            "print(sys.executable)",
            "print('%d.%d.%d' % sys.version_info[:3])",
            "print(sys.implementation.name)",
            "print(sys.implementation.cache_tag)",
            "print(importlib.util.MAGIC_NUMBER.hex())");

    /** What {@code python -V} prints, on standard output (3.4+) or standard error (Python 2). */
    private static final Pattern VERSION = Pattern.compile("Python (([0-9]+)\\.([0-9]+)\\S*)");

    private InterpreterProbe() {
    }

    /** What a process printed (standard output and error together) and how it exited. */
    private record Answer(int exit, List<String> lines) {
        String firstLine() {
            return lines.stream().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("no answer");
        }
    }

    static Interpreter probe(Path command) throws InterpreterException {
        Answer answer = ask(command, "-I", "-c", SCRIPT);
        List<String> lines = answer.lines();
        if (answer.exit() != 0 || lines.size() != 5) {
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
            return new Interpreter(executable, lines.get(1), lines.get(2), lines.get(3), magicFromHex(lines.get(4)));
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
                    .redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.PIPE)
                    .start();
        } catch (IOException e) {
            throw new InterpreterException(command + ": cannot run: " + e.getMessage(), e);
        }
        try (InputStream out = process.getInputStream()) {
            process.getOutputStream().close();
            byte[] bytes = out.readNBytes(64 * 1024);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new InterpreterException(command + ": did not answer within 30 s", false);
            }
            String text = new String(bytes, StandardCharsets.UTF_8).strip();
            return new Answer(process.exitValue(), text.isEmpty() ? List.of() : List.of(text.split("\\R")));
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
