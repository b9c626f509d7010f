package io.pycd.cli;

import io.pycd.settings.Request;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;

/** The options of {@code pycd watch} and {@code pycd daemon start} beyond what and how to compile. */
final class WatchOptions {

    long settleMs = 20;
    Boolean respectGitignore;
    long pollMs = 2000;

    /** Adds {@code --settle}, {@code --[no-]respect-gitignore} and {@code --poll-interval} to {@code spec}. */
    void addTo(CommandSpec spec) {
        spec.addOption(Specs.option(long.class, this, "settleMs", "--settle").paramLabel("MS").defaultValue("20")
                .description("Quiet time per file before acting on it (debounce), in milliseconds. "
                        + "Default: ${DEFAULT-VALUE}.").build());
        spec.addOption(Specs.option(Boolean.class, this, "respectGitignore", "--respect-gitignore").arity("0")
                .negatable(true)
                .description("Neither watch nor compile folders git ignores (.gitignore, .git/info/exclude, "
                        + "core.excludesFile). Default: [tool.pycd] respect-gitignore, else off.").build());
        spec.addOption(Specs.option(long.class, this, "pollMs", "--poll-interval").paramLabel("MS")
                .defaultValue("2000")
                .description("How often folders that cannot be watched (inotify limits) are polled, and a root removed "
                        + "or replaced is looked for, in milliseconds. "
                        + "Default: ${DEFAULT-VALUE}.").build());
    }

    /** These flags as a request's watch part; settings resolution checks them. */
    Request.Watch request() {
        return new Request.Watch(settleMs, Optional.ofNullable(respectGitignore), pollMs);
    }

    /**
     * Roots of watch and the daemon must be folders: a usage error names the first that is not, in the words every
     * command uses for a PATH it cannot take.
     */
    static void checkRoots(List<Path> roots, String command) {
        for (Path root : roots) {
            if (!Files.isDirectory(root)) {
                throw WalkOutput.unusablePath(Files.exists(root) ? new NotDirectoryException(root.toString())
                        : new NoSuchFileException(root.toString()), command);
            }
        }
    }
}
