package io.pycd.audit.git;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.errors.ConfigInvalidException;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.util.FS;

/**
 * The configuration values the audit needs, read from the same files git reads, in git's order: system, global
 * (XDG then {@code ~/.gitconfig}, or {@code GIT_CONFIG_GLOBAL}), the repository, and {@code config.worktree}.
 *
 * <p>Read directly rather than through JGit's {@code SystemReader}, which would start a {@code git} process to
 * find the system configuration.
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
        FS fs = FS.DETECTED;
        Config cfg = null;
        if (env.systemConfig() != null) {
            cfg = layer(cfg, env.systemConfig(), fs);
        }
        if (env.globalConfig() != null) {
            cfg = layer(cfg, env.globalConfig(), fs);
        } else {
            cfg = layer(cfg, env.xdgConfigHome().resolve("git").resolve("config"), fs);
            cfg = layer(cfg, env.home().resolve(".gitconfig"), fs);
        }
        cfg = layer(cfg, repo.commonDir().resolve("config"), fs);
        if (cfg.getBoolean("extensions", null, "worktreeconfig", false)) {
            cfg = layer(cfg, repo.gitDir().resolve("config.worktree"), fs);
        }
        return cfg;
    }

    private static Config layer(Config base, Path file, FS fs) throws IOException {
        FileBasedConfig c = new FileBasedConfig(base, file.toFile(), fs);
        if (Files.isRegularFile(file)) {
            try {
                c.load();
            } catch (ConfigInvalidException e) {
                throw new IOException("bad configuration file " + file + ": " + e.getMessage(), e);
            }
        }
        return c;
    }
}
