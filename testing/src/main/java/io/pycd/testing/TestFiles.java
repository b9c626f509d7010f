package io.pycd.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Writing and reading small files in tests, without checked exceptions. */
public final class TestFiles {

    private TestFiles() {
    }

    /** Writes {@code text} as UTF-8, creating the folders above it. */
    public static Path write(Path file, String text) {
        return write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes {@code bytes}, creating the folders above it. */
    public static Path write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, bytes);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Makes the folder {@code parent/pkg\377} (a name that is not valid UTF-8, which Java cannot name) holding the
     * source {@code m.py}: made by the shell, as a user's tools would.
     */
    public static void nonUtf8Folder(Path parent) {
        int exit = Processes.exec(List.of("sh", "-c",
                "d=\"$1/$(printf 'pkg\\377')\"; mkdir \"$d\" && echo 'y = 2' > \"$d/m.py\"", "sh",
                parent.toString())).exit();
        if (exit != 0) {
            throw new IllegalStateException("could not make a folder named pkg\\377 in " + parent);
        }
    }

    /** Makes the source {@code dir/caf\351.py}, a name that is not valid UTF-8 (Latin-1's é), by the shell. */
    public static void nonUtf8Source(Path dir) {
        int exit = Processes.exec(List.of("sh", "-c", "echo 'x = 1' > \"$1/$(printf 'caf\\351.py')\"", "sh",
                dir.toString())).exit();
        if (exit != 0) {
            throw new IllegalStateException("could not make a source named caf\\351.py in " + dir);
        }
    }

    /** The lines of {@code file}; none when it does not exist. */
    public static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every path below {@code root} (links not followed), relative to it, sorted: a tree's listing to compare. */
    public static List<String> listing(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> !p.equals(root)).map(p -> root.relativize(p).toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Copies the tree {@code from} to {@code to} (created), regular files and folders only, leaving out
     * {@code __pycache__} folders: real packages, as an install without caches leaves them. Returns {@code to}.
     */
    public static Path copyWithoutCaches(Path from, Path to) {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path rel = from.relativize(p);
                if (rel.toString().contains("__pycache__")) {
                    continue;
                }
                Path target = to.resolve(rel.toString());
                if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(target);
                } else if (Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(target.getParent());
                    Files.copy(p, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
            return to;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
