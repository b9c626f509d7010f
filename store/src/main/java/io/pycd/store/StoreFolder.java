package io.pycd.store;

import io.pycd.fs.CurrentUser;
import io.pycd.fs.IoErrors;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The store's folder and what is in it: {@code v2/<id>.pack} files of entries, each with its {@code v2/<id>.idx}
 * (where each entry of the pack is), {@code v2/ledger}, {@code v2/prune.lock}, and a {@code CACHEDIR.TAG} that tells
 * backup tools to skip it. A pack's id is the time it was started (12 hex digits of milliseconds, so that names sort
 * by age), the writing process's pid and a number. Anything else is someone else's and is never read or removed,
 * but for the {@code v1/} entries of an older pycd (one file per entry), which a prune or a clear removes.
 */
final class StoreFolder {

    /** A pack and its index as a scan found them: their total size, and their last use (the later mtime). */
    record PackFile(String id, long bytes, long indexBytes, long lastUsedMillis) {
    }

    /**
     * What a scan found: whole packs, and pack or index files without their other half (a write that has only just
     * begun, one cut short by a crash, or half of a removal).
     */
    record Contents(List<PackFile> packs, List<Orphan> orphans) {
        long bytes() {
            return packs.stream().mapToLong(PackFile::bytes).sum();
        }
    }

    /** One half of a pack. */
    record Orphan(Path path, long bytes, long lastUsedMillis) {
    }

    private static final Pattern PACK = Pattern.compile("([0-9a-f]{12}-[0-9]+-[0-9]+)\\.(pack|idx)");
    private static final Pattern V1_FAN_OUT = Pattern.compile("[0-9a-f]{2}");
    private static final Pattern V1_ENTRY = Pattern.compile("[0-9a-f]{62}(\\.[0-9]+-[0-9]+\\.tmp)?");
    private static final String CACHEDIR_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n"
            + "# This file is a cache directory tag created by pycd (its bytecode store).\n"
            + "# For information about cache directory tags, see https://bford.info/cachedir/\n";

    private final Path root;
    private final Path packs;

    StoreFolder(Path root) {
        this.root = root;
        this.packs = root.resolve("v2");
    }

    Path root() {
        return root;
    }

    /** The folder of packs: a store without it has never been written (or was deleted). */
    Path packs() {
        return packs;
    }

    Path pack(String id) {
        return packs.resolve(id + ".pack");
    }

    Path index(String id) {
        return packs.resolve(id + ".idx");
    }

    Path ledger() {
        return packs.resolve("ledger");
    }

    Path pruneLock() {
        return packs.resolve("prune.lock");
    }

    /** A new pack's id: started now, by {@code pid}, its {@code n}th. */
    static String packId(long millis, long pid, long n) {
        String time = Long.toHexString(millis);
        return "0".repeat(Math.max(0, 12 - time.length())) + time + "-" + pid + "-" + n;
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
        Files.createDirectories(packs);
        Path tag = root.resolve("CACHEDIR.TAG");
        if (!Files.exists(tag, LinkOption.NOFOLLOW_LINKS)) {
            Files.writeString(tag, CACHEDIR_TAG);
        }
    }

    /** The ids of the packs whose index exists now, by one listing; foreign files are left out. */
    List<String> indexedPacks() throws IOException {
        List<String> ids = new ArrayList<>();
        if (!Files.isDirectory(packs)) {
            return ids;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(packs)) {
            for (Path f : files) {
                Matcher m = PACK.matcher(f.getFileName().toString());
                if (m.matches() && m.group(2).equals("idx")) {
                    ids.add(m.group(1));
                }
            }
        } catch (NoSuchFileException e) {
            // No store (yet, or any more).
        }
        return ids;
    }

    /** Every pack, whole or half, by one listing; foreign files and symbolic links are left out. */
    Contents scan() throws IOException {
        if (!Files.isDirectory(packs)) {
            return new Contents(List.of(), List.of()); // no store, or something else where it would be
        }
        Map<String, BasicFileAttributes> packFiles = new HashMap<>();
        Map<String, BasicFileAttributes> indexFiles = new HashMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(packs)) {
            for (Path f : files) {
                Matcher m = PACK.matcher(f.getFileName().toString());
                if (!m.matches()) {
                    continue;
                }
                try {
                    BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    if (a.isRegularFile()) {
                        (m.group(2).equals("pack") ? packFiles : indexFiles).put(m.group(1), a);
                    }
                } catch (NoSuchFileException e) {
                    // Removed meanwhile by a prune of another pycd.
                }
            }
        } catch (NoSuchFileException e) {
            return new Contents(List.of(), List.of());
        }
        List<PackFile> whole = new ArrayList<>();
        List<Orphan> orphans = new ArrayList<>();
        packFiles.forEach((id, p) -> {
            BasicFileAttributes i = indexFiles.remove(id);
            if (i == null) {
                orphans.add(new Orphan(pack(id), p.size(), p.lastModifiedTime().toMillis()));
            } else {
                whole.add(new PackFile(id, p.size() + i.size(), i.size(),
                        Math.max(p.lastModifiedTime().toMillis(), i.lastModifiedTime().toMillis())));
            }
        });
        indexFiles.forEach((id, i) -> orphans.add(new Orphan(index(id), i.size(), i.lastModifiedTime().toMillis())));
        return new Contents(whole, orphans);
    }

    /** Entries removed, and their total size. */
    record Removed(long entries, long bytes) {
        static final Removed NONE = new Removed(0, 0);
    }

    /**
     * Removes the entries an older pycd kept one file each under {@code v1/} (and its ledger, lock and then empty
     * folders); anything else there stays. Failures go to {@code errors}.
     */
    Removed removeVersion1(List<PruneResult.Failure> errors) {
        Path v1 = root.resolve("v1");
        if (!Files.isDirectory(v1, LinkOption.NOFOLLOW_LINKS)) {
            return Removed.NONE;
        }
        long[] removed = {0, 0};
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(v1)) {
            for (Path dir : dirs) {
                String name = dir.getFileName().toString();
                if (V1_FAN_OUT.matcher(name).matches() && Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                    removeVersion1Entries(dir, removed, errors);
                    deleteIfEmpty(dir);
                } else if (name.equals("ledger") || name.equals("prune.lock")) {
                    delete(dir, errors);
                }
            }
        } catch (IOException e) {
            errors.add(new PruneResult.Failure(v1, IoErrors.describe(e)));
        }
        deleteIfEmpty(v1);
        return new Removed(removed[0], removed[1]);
    }

    private static void removeVersion1Entries(Path dir, long[] removed, List<PruneResult.Failure> errors)
            throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                Matcher m = V1_ENTRY.matcher(f.getFileName().toString());
                if (!m.matches() || !Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                long size = Files.size(f);
                if (delete(f, errors) && m.group(1) == null) {
                    removed[0]++;
                    removed[1] += size;
                }
            }
        }
    }

    static boolean delete(Path p, List<PruneResult.Failure> errors) {
        try {
            Files.deleteIfExists(p);
            return true;
        } catch (IOException e) {
            errors.add(new PruneResult.Failure(p, IoErrors.describe(e)));
            return false;
        }
    }

    private static void deleteIfEmpty(Path dir) {
        try {
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // Not empty: someone else's files stay, and so does their folder.
        }
    }
}
