package io.pycd.watcher;

import io.pycd.interpreter.Interpreter;
import io.pycd.interpreter.Interpreters;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Asks a real interpreter whether caches are right: the header passes importlib's own validation against the
 * source's current stat (or bytes), and the body unmarshals to the code {@code compile()} gives for the current
 * bytes.
 */
final class PyOracle {

    private static final String SCRIPT = String.join("\n",
            "import sys, os, marshal, importlib.util",
            "from importlib import _bootstrap_external as be",
            "bad = []",
            "for line in sys.stdin.read().splitlines():",
            "    src, cache = line.split('\\t')",
            "    try:",
            "        data = open(cache, 'rb').read()",
            "        sb = open(src, 'rb').read()",
            "        st = os.stat(src)",
            "        flags = be._classify_pyc(data, src, {})",
            "        if flags & 1:",
            "            be._validate_hash_pyc(data, importlib.util.source_hash(sb), src, {})",
            "        else:",
            "            be._validate_timestamp_pyc(data, int(st.st_mtime), st.st_size, src, {})",
            "        if marshal.loads(data[16:]) != compile(sb, src, 'exec', dont_inherit=True):",
            "            bad.append(src + ': code differs')",
            "    except Exception as e:",
            "        bad.append(src + ': ' + repr(e))",
            "print('\\n'.join(bad))");

    final Interpreter interpreter;

    private PyOracle(Interpreter interpreter) {
        this.interpreter = interpreter;
    }

    /** python3.12, else python3 (3.8+); skips the test when there is none. */
    static PyOracle find() {
        for (String name : List.of("python3.12", "python3")) {
            try {
                Interpreter i = Interpreters.forUser().resolve(name);
                if (i.major() == 3 && i.minor() >= 8) {
                    return new PyOracle(i);
                }
            } catch (Exception e) {
                // try the next
            }
        }
        Assumptions.abort("no Python 3.8+ interpreter");
        return null;
    }

    Path cacheOf(Path source) {
        String name = source.getFileName().toString();
        return source.resolveSibling("__pycache__")
                .resolve(name.substring(0, name.length() - 3) + "." + interpreter.cacheTag() + ".pyc");
    }

    /** The problems found with the caches of {@code sources}; empty when every cache is right. */
    String problems(List<Path> sources) {
        StringBuilder in = new StringBuilder();
        for (Path s : sources) {
            in.append(s).append('\t').append(cacheOf(s)).append('\n');
        }
        try {
            Process p = new ProcessBuilder(interpreter.executable().toString(), "-I", "-W", "ignore", "-c", SCRIPT)
                    .redirectErrorStream(true).start();
            try (OutputStream out = p.getOutputStream()) {
                out.write(in.toString().getBytes(StandardCharsets.UTF_8));
            }
            String result = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            p.waitFor(60, TimeUnit.SECONDS);
            return result;
        } catch (IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e.toString();
        }
    }

    boolean right(Path source) {
        return problems(List.of(source)).isEmpty();
    }
}
