package io.pycd.startup;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a command as the user would (its own program, arguments, working folder and standard streams), with the
 * hook first on {@code PYTHONPATH} and {@link Hook#REPORT_VARIABLE} naming a fresh file for its report. Nothing else
 * about the command changes: a {@code python -m x}, a virtualenv's console script and a {@code python3.12 x.py} are
 * all observed, and so is every Python process they start (they inherit the environment).
 */
public final class StartupRunner {

    private final Map<String, String> variables;
    private final Path workingDirectory;
    private final Path hookParent;
    private final Streams streams;

    /**
     * What a command's standard streams are connected to.
     *
     * @param in  its standard input
     * @param out its standard output
     * @param err its standard error
     */
    public record Streams(ProcessBuilder.Redirect in, ProcessBuilder.Redirect out, ProcessBuilder.Redirect err) {
        /** pycd's own: the command's output is the user's, as if pycd were not there. */
        public static Streams inherit() {
            return new Streams(ProcessBuilder.Redirect.INHERIT, ProcessBuilder.Redirect.INHERIT,
                    ProcessBuilder.Redirect.INHERIT);
        }
    }

    /**
     * @param variables        the command's environment (pycd's own, as a rule), before the hook's two variables
     * @param workingDirectory where the command runs
     * @param hookParent       where the hook is installed and kept between runs (pycd's cache folder)
     */
    public StartupRunner(Map<String, String> variables, Path workingDirectory, Path hookParent, Streams streams) {
        this.variables = Map.copyOf(variables);
        this.workingDirectory = workingDirectory;
        this.hookParent = hookParent;
        this.streams = streams;
    }

    /** Runs {@code command} once and waits for it. */
    public RunOutcome run(List<String> command) throws IOException, InterruptedException {
        if (command.isEmpty()) {
            return new RunOutcome.CouldNotStart("no command");
        }
        Path hook;
        try {
            hook = Hook.install(hookParent);
        } catch (IOException e) {
            // pycd's cache folder is not writable here: a folder of this run's own does, at the cost of the hook's
            // compile at every start.
            hook = Hook.install(Files.createTempDirectory("pycd-startup"));
        }
        Path report = Files.createTempFile("pycd-startup", ".jsonl");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(workingDirectory.toFile());
            pb.environment().clear();
            pb.environment().putAll(environment(hook, report));
            pb.redirectInput(streams.in()).redirectOutput(streams.out()).redirectError(streams.err());
            long start = System.nanoTime();
            Process process;
            try {
                process = pb.start();
            } catch (IOException e) {
                // "Cannot run program ... (in directory ...): error=2, No such file or directory": the cause is
                // what the caller did not already say.
                String why = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
                return new RunOutcome.CouldNotStart(why.replaceFirst("^error=[0-9]+, ", ""));
            }
            int exit = process.waitFor();
            double seconds = (System.nanoTime() - start) / 1e9;
            Optional<StartupProfile> profile = HookReport.read(report);
            return profile.<RunOutcome>map(p -> new RunOutcome.Observed(exit, seconds, p))
                    .orElseGet(() -> new RunOutcome.Unobserved(exit, seconds));
        } finally {
            Files.deleteIfExists(report);
        }
    }

    /** The command's environment: the hook's folder before any PYTHONPATH it had, and where to report. */
    Map<String, String> environment(Path hook, Path report) {
        Map<String, String> env = new HashMap<>(variables);
        String pythonPath = env.get("PYTHONPATH");
        env.put("PYTHONPATH", pythonPath == null || pythonPath.isEmpty() ? hook.toString()
                : hook + File.pathSeparator + pythonPath);
        env.put(Hook.REPORT_VARIABLE, report.toString());
        return env;
    }
}
