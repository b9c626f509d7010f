package io.pycd.git.ignore;

import io.pycd.git.GitRepo;
import io.pycd.git.GitSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reads the ignore files of a working tree from disk, the way git finds them. */
public final class IgnoreFiles {

    /** git reads no ignore file bigger than this (100 MB) and warns instead. */
    private static final long MAX_SIZE = 100L * 1024 * 1024;

    private IgnoreFiles() {
    }

    /**
     * The rules git applies in the working tree of {@code repo}: its {@code .gitignore} files, the common folder's
     * {@code info/exclude} (a linked worktree shares it) and {@code core.excludesFile}, with {@code core.ignorecase}.
     */
    public static GitIgnoreRules forRepository(GitRepo repo, GitSettings settings) {
        return forRepository(repo, settings, null);
    }

    /** As {@link #forRepository(GitRepo, GitSettings)}, with {@code extraRoot} appended to the root .gitignore. */
    public static GitIgnoreRules forRepository(GitRepo repo, GitSettings settings, byte[] extraRoot) {
        return forWorkTree(repo.workTree(), repo.commonDir().resolve("info").resolve("exclude"),
                settings.excludesFile(), settings.ignoreCase(), extraRoot);
    }

    /**
     * The rules of a working tree.
     *
     * @param workTree     the working tree root
     * @param infoExclude  {@code $GIT_COMMON_DIR/info/exclude}, may not exist
     * @param excludesFile {@code core.excludesFile} resolved, or null
     * @param ignoreCase   {@code core.ignorecase}
     */
    public static GitIgnoreRules forWorkTree(Path workTree, Path infoExclude, Path excludesFile, boolean ignoreCase) {
        return forWorkTree(workTree, infoExclude, excludesFile, ignoreCase, null);
    }

    /**
     * The rules of a working tree, with {@code extraRoot} appended to the root {@code .gitignore} when not null:
     * what the rules would be after an append, without writing anything.
     */
    public static GitIgnoreRules forWorkTree(Path workTree, Path infoExclude, Path excludesFile, boolean ignoreCase,
                                             byte[] extraRoot) {
        List<GitIgnoreFile> global = new ArrayList<>(2);
        if (infoExclude != null) {
            byte[] b = read(infoExclude, false);
            if (b != null) {
                global.add(GitIgnoreFile.parse(b, "", displayName(workTree, infoExclude)));
            }
        }
        if (excludesFile != null) {
            byte[] b = read(excludesFile, false);
            if (b != null) {
                global.add(GitIgnoreFile.parse(b, "", excludesFile.toString()));
            }
        }
        return new GitIgnoreRules(folder -> perFolder(workTree, folder, extraRoot), global, ignoreCase);
    }

    private static String displayName(Path workTree, Path file) {
        Path abs = file.toAbsolutePath().normalize();
        Path wt = workTree.toAbsolutePath().normalize();
        return abs.startsWith(wt) ? wt.relativize(abs).toString() : abs.toString();
    }

    private static GitIgnoreFile perFolder(Path workTree, String folder, byte[] extraRoot) {
        Path file = folder.isEmpty() ? workTree.resolve(".gitignore") : workTree.resolve(folder).resolve(".gitignore");
        // git (2.32+) refuses a .gitignore inside the tree that is a symbolic link
        byte[] b = read(file, true);
        if (folder.isEmpty() && extraRoot != null) {
            b = b == null ? extraRoot : concat(b, extraRoot);
        }
        if (b == null) {
            return GitIgnoreRules.empty();
        }
        String source = folder.isEmpty() ? ".gitignore" : folder + "/.gitignore";
        return GitIgnoreFile.parse(b, folder.isEmpty() ? "" : folder + "/", source);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** The bytes of a file, or null when it is missing, unreadable, a folder, too big or (if asked) a symlink. */
    public static byte[] read(Path file, boolean noFollow) {
        try (var ch = noFollow
                ? Files.newByteChannel(file, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))
                : Files.newByteChannel(file, Set.of(StandardOpenOption.READ))) {
            if (ch.size() > MAX_SIZE) {
                return null;
            }
            try (InputStream in = Channels.newInputStream(ch)) {
                return in.readAllBytes();
            }
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | SecurityException e) {
            return null; // a folder, a symlink refused by O_NOFOLLOW, no permission: git skips these too
        }
    }
}
