package io.pycd.audit.git;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.util.FS;

/**
 * A located repository: its folders and what kind it is. Found without opening an object database, so the default
 * audit pays only for what it reads.
 *
 * @param workTree  the working tree, or null for a bare repository
 * @param gitDir    the repository's own git folder ({@code .git}, or {@code .git/worktrees/X}, or
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

    /** The folder the user should see: the working tree, or the git folder of a bare repository. */
    public Path root() {
        return workTree != null ? workTree : gitDir;
    }

    /**
     * Finds the repository holding {@code path}, searching upwards like git.
     *
     * @throws NotARepositoryException when there is none, naming the path
     */
    public static GitRepo locate(Path path, GitEnvironment env) throws NotARepositoryException {
        Path start = path.toAbsolutePath().normalize();
        if (!Files.isDirectory(start)) {
            throw new NotARepositoryException(path, Files.exists(start) ? "not a folder" : "no such folder");
        }
        FS fs = FS.DETECTED;
        try {
            // A git folder given directly: a bare repository, or the .git of a normal one.
            if (!Files.exists(start.resolve(".git"), LinkOption.NOFOLLOW_LINKS)
                    && RepositoryCache.FileKey.isGitRepository(start.toFile(), fs)) {
                if (start.getFileName() != null && start.getFileName().toString().equals(".git")) {
                    return fromBuilder(new FileRepositoryBuilder().setGitDir(start.toFile()).setFS(fs), start);
                }
                FileRepositoryBuilder b = new FileRepositoryBuilder().setGitDir(start.toFile()).setFS(fs);
                b.setup();
                if (b.getWorkTree() == null || b.isBare()) {
                    Path common = b.getGitCommonDir() != null ? b.getGitCommonDir().toPath() : start;
                    return new GitRepo(null, start, common, Kind.BARE);
                }
                return fromBuilder(b, start);
            }
            FileRepositoryBuilder b = new FileRepositoryBuilder().setFS(fs);
            for (Path c : env.ceilings()) {
                b.addCeilingDirectory(c.toFile());
            }
            b.findGitDir(start.toFile());
            if (b.getGitDir() == null) {
                throw new NotARepositoryException(path, "not a git repository (or any of the parent folders)");
            }
            return fromBuilder(b, start);
        } catch (IOException | IllegalArgumentException e) {
            throw new NotARepositoryException(path, "unreadable repository: " + e.getMessage());
        }
    }

    private static GitRepo fromBuilder(FileRepositoryBuilder b, Path start) throws IOException {
        File dotGit = b.getGitDir();
        b.setup();
        Path gitDir = b.getGitDir().toPath().toAbsolutePath().normalize();
        Path common = b.getGitCommonDir() != null ? b.getGitCommonDir().toPath().toAbsolutePath().normalize()
                : gitDir;
        if (b.isBare() || b.getWorkTree() == null) {
            return new GitRepo(null, gitDir, common, Kind.BARE);
        }
        Path workTree = b.getWorkTree().toPath().toAbsolutePath().normalize();
        Kind kind = Kind.REPOSITORY;
        if (!common.equals(gitDir)) {
            kind = Kind.WORKTREE;
        } else if (Files.isRegularFile(workTree.resolve(".git")) || dotGit != null && !dotGit.toPath()
                .toAbsolutePath().normalize().equals(workTree.resolve(".git"))) {
            kind = Kind.SUBMODULE;
        }
        return new GitRepo(workTree, gitDir, common, kind);
    }
}
