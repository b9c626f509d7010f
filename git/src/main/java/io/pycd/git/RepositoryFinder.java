package io.pycd.git;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Finds every repository under a folder for {@code --recursive}: working trees (with nested ones) and bare ones. */
public final class RepositoryFinder {

    private RepositoryFinder() {
    }

    /** Repository roots under {@code folder} (itself included), sorted; symbolic links are not followed. */
    public static List<Path> find(Path folder) {
        List<Path> out = new ArrayList<>();
        walk(folder.toAbsolutePath().normalize(), out);
        out.sort(null);
        return out;
    }

    private static void walk(Path dir, List<Path> out) {
        if (Files.exists(dir.resolve(".git"), LinkOption.NOFOLLOW_LINKS)) {
            out.add(dir);
        } else if (GitRepo.isGitDir(dir)) {
            out.add(dir); // a bare repository: nothing inside is a working tree
            return;
        }
        List<Path> subdirs = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (!name.equals(".git") && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    subdirs.add(p);
                }
            }
        } catch (IOException | SecurityException e) {
            return; // unreadable: nothing found there
        }
        for (Path p : subdirs) {
            walk(p, out);
        }
    }
}
