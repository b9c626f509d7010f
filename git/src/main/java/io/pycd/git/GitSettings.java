package io.pycd.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.eclipse.jgit.errors.ConfigInvalidException;
import org.eclipse.jgit.lib.Config;

/**
 * The configuration values pycd needs, read from the same files git reads, in git's order: system, global
 * (XDG then {@code ~/.gitconfig}, or {@code GIT_CONFIG_GLOBAL}), the repository, and {@code config.worktree}.
 *
 * <p>Parsed with JGit's {@link Config} but read here: JGit's own loading would start a {@code git} process to find
 * the system configuration and measure the file system's timestamp resolution first.
 *
 * @param ignoreCase   {@code core.ignorecase}
 * @param excludesFile {@code core.excludesFile}, resolved (default {@code $XDG_CONFIG_HOME/git/ignore}); may not
 *                     exist
 */
public record GitSettings(boolean ignoreCase, Path excludesFile) {

    public static GitSettings read(GitRepo repo, GitEnvironment env) throws IOException {
        Config cfg = load(repo, env);
        boolean ignoreCase = cfg.getBoolean("core", null, "ignorecase", false);
        String excludes = cfg.getString("core", null, "excludesfile");
        Path excludesFile;
        if (excludes == null || excludes.isEmpty()) {
            excludesFile = env.xdgConfigHome().resolve("git").resolve("ignore");
        } else if (excludes.equals("~") || excludes.startsWith("~/")) {
            excludesFile = env.home().resolve(excludes.length() > 2 ? excludes.substring(2) : "");
        } else {
            Path p = Path.of(excludes);
            excludesFile = p.isAbsolute() || repo.workTree() == null ? p : repo.workTree().resolve(p);
        }
        return new GitSettings(ignoreCase, excludesFile);
    }

    static Config load(GitRepo repo, GitEnvironment env) throws IOException {
        Config cfg = null;
        if (env.systemConfig() != null) {
            cfg = layer(cfg, env.systemConfig());
        }
        if (env.globalConfig() != null) {
            cfg = layer(cfg, env.globalConfig());
        } else {
            cfg = layer(cfg, env.xdgConfigHome().resolve("git").resolve("config"));
            cfg = layer(cfg, env.home().resolve(".gitconfig"));
        }
        cfg = layer(cfg, repo.commonDir().resolve("config"));
        if (cfg.getBoolean("extensions", null, "worktreeconfig", false)) {
            cfg = layer(cfg, repo.gitDir().resolve("config.worktree"));
        }
        return cfg;
    }

    /** One configuration file on its own (empty when missing). */
    static Config parse(Path file) throws IOException {
        return layer(null, file);
    }

    private static Config layer(Config base, Path file) throws IOException {
        Config c = new IncludingConfig(base, file);
        try {
            c.fromText(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            // no such layer
        } catch (IOException e) {
            if (Files.exists(file)) {
                throw e;
            }
        } catch (ConfigInvalidException e) {
            throw new IOException("bad configuration file " + file + ": " + e.getMessage(), e);
        }
        return c;
    }

    /** A config that follows {@code [include] path = ...} relative to its own file, as git does. */
    private static final class IncludingConfig extends Config {
        private final Path file;

        IncludingConfig(Config base, Path file) {
            super(base);
            this.file = file;
        }

        @Override
        protected byte[] readIncludedConfig(String relPath) throws ConfigInvalidException {
            Path p = relPath.startsWith("~/") ? Path.of(System.getProperty("user.home"), relPath.substring(2))
                    : file.getParent().resolve(relPath);
            try {
                return Files.readAllBytes(p);
            } catch (IOException e) {
                return null; // git ignores a missing include
            }
        }
    }
}
