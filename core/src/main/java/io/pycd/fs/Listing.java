package io.pycd.fs;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A folder's entries as lstat saw them, sorted by name; nothing is followed.
 *
 * @param dir      the folder
 * @param entries  what could be stat'ed
 * @param failures entries whose lstat failed (other than by vanishing): the listing is then incomplete
 */
public record Listing(Path dir, List<Entry> entries, List<Failure> failures) {

    /** Entries by name. A class, not Comparator.comparing: its lambdas are generated at every start on Java 17. */
    private static final Comparator<Entry> BY_NAME = new Comparator<>() {
        @Override
        public int compare(Entry a, Entry b) {
            return a.name().compareTo(b.name());
        }
    };

    /** What lstat says an entry is. */
    public enum Type { FILE, DIR, LINK, OTHER }

    /**
     * One entry.
     *
     * @param mtime its modification time, to the file system's precision
     * @param key   its file key (device and inode), or null where the file system has none
     */
    public record Entry(String name, Path path, Type type, long size, FileTime mtime, Object key) {
    }

    /** An entry that was listed but could not be stat'ed. */
    public record Failure(Path path, IOException error) {
    }

    public Listing {
        entries = List.copyOf(entries);
        failures = List.copyOf(failures);
    }

    /**
     * Lists {@code dir}; empty when it is gone. Each entry is stat'ed relative to the open folder ({@code fstatat})
     * where the platform allows: no path walk per entry, and nothing swapped in above the folder counts.
     *
     * @throws IOException when the folder cannot be read
     */
    public static Optional<Listing> read(Path dir) throws IOException {
        List<Entry> entries = new ArrayList<>();
        List<Failure> failures = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            SecureDirectoryStream<Path> secure = stream instanceof SecureDirectoryStream<Path> s ? s : null;
            for (Path p : stream) {
                try {
                    BasicFileAttributes a = secure != null
                            ? secure.getFileAttributeView(p.getFileName(), BasicFileAttributeView.class,
                                    LinkOption.NOFOLLOW_LINKS).readAttributes()
                            : Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    entries.add(new Entry(p.getFileName().toString(), p, typeOf(a), a.size(), a.lastModifiedTime(),
                            a.fileKey()));
                } catch (NoSuchFileException gone) {
                    // removed while listing: as if it had never been there
                } catch (IOException e) {
                    failures.add(new Failure(p, e));
                }
            }
        } catch (NoSuchFileException gone) {
            return Optional.empty();
        } catch (DirectoryIteratorException e) {
            throw e.getCause();
        }
        entries.sort(BY_NAME);
        return Optional.of(new Listing(dir, entries, failures));
    }

    /** What lstat says {@code path} is; empty when nothing is there. */
    public static Optional<Type> typeOf(Path path) throws IOException {
        try {
            return Optional.of(typeOf(Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    private static Type typeOf(BasicFileAttributes a) {
        return a.isSymbolicLink() ? Type.LINK : a.isDirectory() ? Type.DIR : a.isRegularFile() ? Type.FILE : Type.OTHER;
    }

    /** False when some entry could not be stat'ed. */
    public boolean complete() {
        return failures.isEmpty();
    }

    /** The entries by name. */
    public Map<String, Entry> byName() {
        Map<String, Entry> map = new HashMap<>(entries.size() * 2);
        for (Entry e : entries) {
            map.put(e.name(), e);
        }
        return map;
    }
}
