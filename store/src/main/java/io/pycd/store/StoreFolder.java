package io.pycd.store;

import io.pycd.fs.CurrentUser;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The store's folder and what is in it: {@code v1/<2 hex>/<62 hex>} entries (the key's first two digits name a
 * sub-folder, so no folder holds more than a few hundred files), {@code <entry>.<pid>-<n>.tmp} files being written,
 * {@code v1/ledger}, {@code v1/prune.lock}, and a {@code CACHEDIR.TAG} that tells backup tools to skip it. Anything
 * else is someone else's and is never read or removed.
 */
final class StoreFolder {

    /** An entry file: its path, size and last use (its mtime). */
    record EntryFile(Path path, long size, long lastUsedMillis) {
    }

    /** What a scan found: entries, and temp files (live writes, or left by a crash). */
    record Contents(List<EntryFile> entries, List<EntryFile> temps) {
        long bytes() {
            return entries.stream().mapToLong(EntryFile::size).sum();
        }
    }

    private static final Pattern FAN_OUT = Pattern.compile("[0-9a-f]{2}");
    private static final Pattern ENTRY = Pattern.compile("[0-9a-f]{62}");
    private static final Pattern TEMP = Pattern.compile("[0-9a-f]{62}\\.[0-9]+-[0-9]+\\.tmp");
    private static final String CACHEDIR_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n"
            + "# This file is a cache directory tag created by pycd (its bytecode store).\n"
            + "# For information about cache directory tags, see https://bford.info/cachedir/\n";

    private final Path root;
    private final Path entries;

    StoreFolder(Path root) {
        this.root = root;
        this.entries = root.resolve("v1");
    }

    Path root() {
        return root;
    }

    Path entries() {
        return entries;
    }

    Path entry(StoreKey key) {
        return entries.resolve(key.hex().substring(0, 2)).resolve(key.hex().substring(2));
    }

    Path ledger() {
        return entries.resolve("ledger");
    }

    Path pruneLock() {
        return entries.resolve("prune.lock");
    }

    static String tempName(Path entry, long pid, long n) {
        return entry.getFileName() + "." + pid + "-" + n + ".tmp";
    }

    /**
     * Why the folder must not be used, or null. An existing folder must be a folder, the user's own and not writable
     * by everyone: entries become code that Python runs, so nobody else may be able to put files in it.
     */
    String unusable() {
        try {
            if (!Files.exists(root)) {
                return null;
            }
            if (!Files.isDirectory(root)) {
                return root + " is not a folder";
            }
            Path real = root.toRealPath();
            int owner = CurrentUser.ownerOf(real);
            if (owner != CurrentUser.uid()) {
                return root + " belongs to another user (uid " + owner + ")";
            }
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(real);
            if (mode.contains(PosixFilePermission.OTHERS_WRITE)) {
                return root + " is writable by every user (chmod o-w it)";
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return root + ": " + e.getMessage();
        }
    }

    /** Creates the folder (and its tag) when it is missing. */
    void create() throws IOException {
        Files.createDirectories(entries);
        Path tag = root.resolve("CACHEDIR.TAG");
        if (!Files.exists(tag, LinkOption.NOFOLLOW_LINKS)) {
            Files.writeString(tag, CACHEDIR_TAG);
        }
    }

    /** Every entry and temp file, by one walk of the fan-out folders; foreign files are left out. */
    Contents scan() throws IOException {
        List<EntryFile> found = new ArrayList<>();
        List<EntryFile> temps = new ArrayList<>();
        if (!Files.isDirectory(entries)) {
            return new Contents(found, temps);
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(entries)) {
            for (Path dir : dirs) {
                if (FAN_OUT.matcher(dir.getFileName().toString()).matches()
                        && Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                    scanFanOut(dir, found, temps);
                }
            }
        }
        return new Contents(found, temps);
    }

    private static void scanFanOut(Path dir, List<EntryFile> found, List<EntryFile> temps) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                boolean entry = ENTRY.matcher(name).matches();
                if (!entry && !TEMP.matcher(name).matches()) {
                    continue;
                }
                try {
                    BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    if (a.isRegularFile()) {
                        (entry ? found : temps).add(new EntryFile(f, a.size(), a.lastModifiedTime().toMillis()));
                    }
                } catch (NoSuchFileException e) {
                    // Removed meanwhile by a prune of another pycd.
                }
            }
        }
    }
}
