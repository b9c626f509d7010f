package io.pycd.cli;

import io.pycd.config.ProjectConfig;
import io.pycd.watcher.WatchSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/** The options of {@code pycd watch} and {@code pycd daemon start} beyond what and how to compile. */
final class WatchOptions {

    @Option(names = "--settle", paramLabel = "MS", defaultValue = "20",
            description = "Quiet time per file before acting on it (debounce), in milliseconds. Default: ${DEFAULT-VALUE}.")
    long settleMs = 20;

    @Option(names = "--respect-gitignore", negatable = true,
            description = "Neither watch nor compile folders git ignores (.gitignore, .git/info/exclude, "
                    + "core.excludesFile). Default: [tool.pycd] respect-gitignore, else off.")
    Boolean respectGitignore;

    @Option(names = "--poll-interval", paramLabel = "MS", defaultValue = "2000",
            description = "How often folders that cannot be watched (inotify limits) are polled, in milliseconds. "
                    + "Default: ${DEFAULT-VALUE}.")
    long pollMs = 2000;

    /** Roots of watch and the daemon must be folders: a usage error names the first that is not, as watch says it. */
    static void checkRoots(List<Path> roots) {
        for (Path root : roots) {
            if (!Files.isDirectory(root)) {
                throw new UsageFailure(root + ": " + (Files.exists(root) ? "not a folder (watch takes folders)"
                        : "no such file or folder"));
            }
        }
    }

    WatchSettings resolve(ProjectConfig config) {
        if (settleMs < 0 || settleMs > 60_000) {
            throw new UsageFailure("--settle must be from 0 to 60000 milliseconds");
        }
        if (pollMs < 10) {
            throw new UsageFailure("--poll-interval must be at least 10 milliseconds");
        }
        boolean respect = respectGitignore != null ? respectGitignore : config.respectGitignore().orElse(false);
        return WatchSettings.defaults().withSettle(Duration.ofMillis(settleMs)).withRespectGitignore(respect)
                .withPollInterval(Duration.ofMillis(pollMs));
    }
}
