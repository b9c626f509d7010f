package io.pycd.dist;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Runs a build tool (jdeps, jlink, java, tar, python3) and returns what it printed; a failure stops the build. */
final class Exec {

    private Exec() {
    }

    static String run(List<String> cmd) throws IOException {
        return run(cmd, Map.of());
    }

    /** Runs {@code cmd} with {@code env} added; standard error goes to the build's output. */
    static String run(List<String> cmd, Map<String, String> env) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            int exit = p.waitFor();
            if (exit != 0) {
                throw new IOException("exit " + exit + ": " + String.join(" ", cmd) + "\n" + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + cmd, e);
        }
        return out;
    }
}
