package io.pycd.watcher.filter;

import io.pycd.git.GitEnvironment;
import io.pycd.git.GitRepo;
import io.pycd.git.GitSettings;
import io.pycd.git.NotARepositoryException;
import io.pycd.git.ignore.GitIgnoreRules;
import io.pycd.git.ignore.IgnoreFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The folders git ignores in the working tree holding a watched root, decided by the git module's rules, the same
 * that {@code pycd audit} uses and that the tests hold against {@code git check-ignore}: every {@code .gitignore}
 * level, {@code info/exclude} of the common folder (a linked worktree shares it), {@code core.excludesFile} from the
 * configuration git would read in this environment, {@code core.ignorecase}. A folder below an ignored folder is
 * ignored. Decisions are cached by the rules; {@link #reload()} reads the files again.
 */
public final class GitIgnoredFolders {

    private final GitRepo repo;
    private final GitEnvironment env;
    private volatile GitSettings settings;
    private volatile GitIgnoreRules rules;

    private GitIgnoredFolders(GitRepo repo, GitEnvironment env, GitSettings settings) {
        this.repo = repo;
        this.env = env;
        this.settings = settings;
        this.rules = IgnoreFiles.forRepository(repo, settings);
    }

    /**
     * The rules of the working tree holding {@code root}, or empty when it is in none (or in a bare repository).
     *
     * @throws IOException when git's configuration cannot be read (git itself would stop there too)
     */
    public static Optional<GitIgnoredFolders> forRoot(Path root, GitEnvironment env) throws IOException {
        GitRepo repo;
        try {
            repo = GitRepo.locate(root, env);
        } catch (NotARepositoryException e) {
            return Optional.empty();
        }
        if (repo.bare()) {
            return Optional.empty();
        }
        return Optional.of(new GitIgnoredFolders(repo, env, GitSettings.read(repo, env)));
    }

    public Path workTree() {
        return repo.workTree();
    }

    /** Reads the ignore files (and the configuration naming them) again: one of them changed. */
    public void reload() {
        try {
            settings = GitSettings.read(repo, env);
        } catch (IOException e) {
            // a configuration broken while watching: keep the last one that could be read
        }
        rules = IgnoreFiles.forRepository(repo, settings);
    }

    /** True when git ignores the folder {@code dir} (absolute, normalized), or a folder above it. */
    public boolean isIgnored(Path dir) {
        Path workTree = repo.workTree();
        if (dir.equals(workTree) || !dir.startsWith(workTree)) {
            return false;
        }
        StringBuilder rel = new StringBuilder();
        for (Path name : workTree.relativize(dir)) {
            if (rel.length() > 0) {
                rel.append('/');
            }
            rel.append(name);
        }
        return rules.isFolderExcluded(rel.toString());
    }
}
