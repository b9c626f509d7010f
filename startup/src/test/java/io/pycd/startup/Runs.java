package io.pycd.startup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs commands through {@link StartupRunner} for tests: output captured in files, environment under control. */
final class Runs {

    /** What this machine's environment sets that would change what a test observes. */
    static final List<String> UNSET = List.of("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX", "PYTHONPATH",
            "PYTHONOPTIMIZE", "PYTHONSTARTUP", "VIRTUAL_ENV");

    private Runs() {
    }

    /** A run's outcome and the command's own output. */
    record Captured(RunOutcome outcome, String out, String err) {
        RunOutcome.Observed observed() {
            if (outcome instanceof RunOutcome.Observed o) {
                return o;
            }
            throw new AssertionError("not observed: " + this);
        }

        StartupProfile profile() {
            return observed().profile();
        }
    }

    /** This process's environment without what {@link #UNSET} names, with {@code changes} (null removes). */
    static Map<String, String> environment(Map<String, String> changes) {
        Map<String, String> env = new HashMap<>(System.getenv());
        UNSET.forEach(env::remove);
        changes.forEach((k, v) -> {
            if (v == null) {
                env.remove(k);
            } else {
                env.put(k, v);
            }
        });
        return env;
    }

    /** Runs {@code command} in {@code dir}; the hook is kept in {@code dir}'s hook-home. */
    static Captured run(Path dir, Map<String, String> changes, List<String> command) {
        try {
            Path out = Files.createTempFile(dir, "out", ".txt");
            Path err = Files.createTempFile(dir, "err", ".txt");
            StartupRunner runner = new StartupRunner(environment(changes), dir, dir.resolve("hook-home"),
                    new StartupRunner.Streams(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()),
                            ProcessBuilder.Redirect.to(out.toFile()), ProcessBuilder.Redirect.to(err.toFile())));
            RunOutcome outcome = runner.run(command);
            return new Captured(outcome, Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static Captured run(Path dir, List<String> command) {
        return run(dir, Map.of(), command);
    }
}
