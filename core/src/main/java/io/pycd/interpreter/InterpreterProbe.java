package io.pycd.interpreter;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

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

    private static final int LINES = 9;

    private InterpreterProbe() {
    }

    static Facts probe(Path command) throws InterpreterException {
        Process process;
        try {
            process = new ProcessBuilder(command.toString(), "-I", "-c", SCRIPT)
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
            String text = new String(bytes, StandardCharsets.UTF_8);
            int answer = text.lastIndexOf(MARKER + "\n");
            String[] lines = answer < 0 ? new String[0]
                    : text.substring(answer + MARKER.length() + 1).strip().split("\\R");
            if (process.exitValue() != 0 || lines.length != LINES) {
                String said = (text.strip() + "\n" + new String(errors.join(), StandardCharsets.UTF_8).strip()).strip();
                String lastLine = said.isEmpty() ? "" : said.substring(said.lastIndexOf('\n') + 1);
                throw new InterpreterException(command + ": not a Python 3 interpreter pycd can use (" + lastLine.strip() + ")");
            }
            if ("None".equals(lines[3])) {
                throw new InterpreterException(command + ": writes no bytecode caches (sys.implementation.cache_tag is None)");
            }
            String[] version = lines[1].split("\\.");
            if (Integer.parseInt(version[0]) != 3 || Integer.parseInt(version[1]) < 6) {
                throw new InterpreterException(command + ": Python " + lines[1] + " is not supported (3.6 or newer)");
            }
            Path executable = lines[0].isBlank() ? command : Path.of(lines[0]);
            return new Facts(new Interpreter(executable, lines[1], lines[2], lines[3], magicFromHex(lines[4])),
                    new InstallPaths(Path.of(lines[5]), Path.of(lines[6]), Path.of(lines[7]), Path.of(lines[8])));
        } catch (IOException e) {
            throw new InterpreterException(command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new InterpreterException(command + ": interrupted", false);
        } catch (RuntimeException e) {
            throw new InterpreterException(command + ": unexpected answer (" + e.getMessage() + ")", e);
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
