package io.pycd.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * A located repository: its folders and what kind it is.
 *
 * <p>Found by reading {@code .git} files and folders directly, as git's discovery does, rather than through
 * JGit's builder: JGit's file-system layer starts by measuring timestamp resolution (writing probe files into
 * {@code .git}), which a read-only audit should neither pay for nor do.
 *
 * @param workTree  the working tree, or null for a bare repository
 * @param gitDir    the repository's own git folder ({@code .git}, {@code .git/worktrees/X} or
 *                  {@code .git/modules/X})
 * @param commonDir the folder holding objects, refs, {@code config} and {@code info/exclude}
 * @param kind      how it is laid out
 */
public record GitRepo(Path workTree, Path gitDir, Path commonDir, Kind kind) {

    /** How a repository is laid out. */
    public enum Kind { REPOSITORY, WORKTREE, SUBMODULE, BARE }

    public boolean bare() {
        return kind == Kind.BARE;
    }

    /** The index file of this working tree. */
    public Path indexFile() {
        return gitDir.resolve("index");
    }

    /**
     * The lock git holds on the index while it changes it (a checkout, merge, rebase, add...): in the repository's
     * own git folder, so a linked worktree has its own.
     */
    public Path indexLock() {
        return gitDir.resolve("index.lock");
    }

    /** The folder the user should see: the working tree, or the git folder of a bare repository. */
    public Path root() {
        return workTree != null ? workTree : gitDir;
    }

    /** Does this folder look like a git folder (HEAD, objects and refs, or a commondir file)? */
    public static boolean isGitDir(Path dir) {
        return Files.isRegularFile(dir.resolve("HEAD"))
                && (Files.isDirectory(dir.resolve("objects")) || Files.isRegularFile(dir.resolve("commondir")))
                && (Files.isDirectory(dir.resolve("refs")) || Files.isRegularFile(dir.resolve("commondir")));
    }

    /**
     * Finds the repository holding {@code path}, searching upwards like git (stopping at
     * {@code GIT_CEILING_DIRECTORIES}).
     *
     * @throws NotARepositoryException when there is none, naming the path
     */
    public static GitRepo locate(Path path, GitEnvironment env) throws NotARepositoryException {
        Path start = path.toAbsolutePath().normalize();
        if (!Files.isDirectory(start)) {
            throw new NotARepositoryException(path, Files.exists(start) ? "not a folder" : "no such folder");
        }
        try {
            // a git folder given directly: a bare repository, or the .git of a working tree
            if (!Files.exists(start.resolve(".git"), LinkOption.NOFOLLOW_LINKS) && isGitDir(start)) {
                if (start.getFileName() != null && start.getFileName().toString().equals(".git")
                        && !bareByConfig(start)) {
                    return fromDotGit(start.getParent(), start);
                }
                return new GitRepo(null, start, commonDirOf(start), Kind.BARE);
            }
            for (Path dir = start; dir != null; dir = dir.getParent()) {
                if (!dir.equals(start) && env.ceilings().contains(dir)) {
                    break;
                }
                Path dotGit = dir.resolve(".git");
                if (Files.isDirectory(dotGit) && isGitDir(dotGit)) {
                    return fromDotGit(dir, dotGit);
                }
                if (Files.isRegularFile(dotGit)) {
                    return fromDotGit(dir, dotGit);
                }
                if (env.ceilings().contains(dir)) {
                    break;
                }
            }
            throw new NotARepositoryException(path, "not a git repository (or any of the parent folders)");
        } catch (IOException e) {
            throw new NotARepositoryException(path, "unreadable repository: " + e.getMessage());
        }
    }

    private static GitRepo fromDotGit(Path workTree, Path dotGit) throws IOException, NotARepositoryException {
        Path gitDir = dotGit;
        boolean viaFile = Files.isRegularFile(dotGit);
        if (viaFile) {
            String text = Files.readString(dotGit, StandardCharsets.UTF_8).strip();
            if (!text.startsWith("gitdir:")) {
                throw new NotARepositoryException(workTree, "invalid .git file (no gitdir: line)");
            }
            Path target = Path.of(text.substring("gitdir:".length()).strip());
            gitDir = (target.isAbsolute() ? target : workTree.resolve(target)).normalize();
            if (!Files.isDirectory(gitDir)) {
                throw new NotARepositoryException(workTree, ".git points to a missing folder " + gitDir);
            }
        }
        Path common = commonDirOf(gitDir);
        if (bareByConfig(common) && !viaFile) {
            return new GitRepo(null, gitDir, common, Kind.BARE);
        }
        Kind kind = !common.equals(gitDir) ? Kind.WORKTREE : viaFile ? Kind.SUBMODULE : Kind.REPOSITORY;
        return new GitRepo(workTree, gitDir, common, kind);
    }

    private static Path commonDirOf(Path gitDir) throws IOException {
        Path f = gitDir.resolve("commondir");
        if (!Files.isRegularFile(f)) {
            return gitDir;
        }
        Path c = Path.of(Files.readString(f, StandardCharsets.UTF_8).strip());
        return (c.isAbsolute() ? c : gitDir.resolve(c)).normalize();
    }

    private static boolean bareByConfig(Path commonDir) {
        try {
            return GitSettings.parse(commonDir.resolve("config")).getBoolean("core", null, "bare", false);
        } catch (IOException e) {
            return false;
        }
    }
}
