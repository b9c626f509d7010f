package io.pycd.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a real program for a test and captures what it printed. The one process runner of pycd's tests. */
public final class Processes {

    private Processes() {
    }

    /** The outcome of a process. */
    public record Run(int exit, String out, String err) {
        /** This run, or an assertion error with its output when it did not exit 0. */
        public Run ok() {
            if (exit != 0) {
                throw new AssertionError("exit " + exit + "\nstdout:\n" + out + "\nstderr:\n" + err);
            }
            return this;
        }
    }

    /** Runs {@code cmd} and waits for it (at most 5 minutes). */
    public static Run exec(List<String> cmd) {
        return exec(cmd, null, Map.of(), null);
    }

    /**
     * Runs {@code cmd} in {@code workdir} (null: this process's) with {@code env} added to this process's environment
     * (a null value removes a variable), feeding it {@code stdin} (null: nothing), and waits (at most 5 minutes).
     */
    public static Run exec(List<String> cmd, Path workdir, Map<String, String> env, String stdin) {
        Path out = null;
        Path err = null;
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd);
            if (workdir != null) {
                pb.directory(workdir.toFile());
            }
            env.forEach((k, v) -> {
                if (v == null) {
                    pb.environment().remove(k);
                } else {
                    pb.environment().put(k, v);
                }
            });
            // Files, not pipes: a chatty process can never block on a full pipe while we wait for it.
            out = Files.createTempFile("pycd-test", ".out");
            err = Files.createTempFile("pycd-test", ".err");
            pb.redirectOutput(out.toFile()).redirectError(err.toFile());
            Process p = pb.start();
            if (stdin != null) {
                p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            p.getOutputStream().close();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("timed out after 5 minutes: " + cmd);
            }
            return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // a temp file left behind in the temp folder
            }
        }
    }
}
