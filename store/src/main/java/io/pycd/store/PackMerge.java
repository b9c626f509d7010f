package io.pycd.store;

import io.pycd.fs.IoErrors;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Merges the store's small packs into one. Every pycd that adds entries writes a pack of its own, so a user who
 * compiles after each edit leaves one small pack per run, and every lookup reads every pack's index: ~0.2 ms a pack,
 * which grows without end below the size limit. The run that finds {@link #FROM} packs or more merges the small ones
 * that nobody has written to for {@link #SETTLED_MILLIS} (oldest first, up to {@link #MAX_BYTES}) into a new pack, and
 * removes them, index first. The new pack is named and dated as the newest pack it holds, so the least-recently-used
 * order that prunes and copies go by is what it was. Done under the store's prune lock; what another pycd reads from a
 * pack that goes meanwhile is a miss, never wrong code (entries are verified on every read).
 */
final class PackMerge {

    /** A store of this many packs or more is merged. */
    static final int FROM = 64;
    /** Packs smaller than this are merged. */
    static final long SMALL = 1L << 20;
    /** A pack written to more recently than this may still be growing (a running pycd's, the daemon's). */
    static final long SETTLED_MILLIS = 60_000;
    /** At most this many bytes of packs are merged by one run. */
    static final long MAX_BYTES = 8L << 20;

    /** What a merge did: packs merged and removed, and the new pack's entries and bytes (pack and index). */
    record Merged(int packs, long removedBytes, long removedEntries, long entries, long bytes) {
        static final Merged NONE = new Merged(0, 0, 0, 0, 0);
    }

    private PackMerge() {
    }

    /**
     * Merges the small, settled packs of {@code folder} when it holds {@link #FROM} packs or more and no other pycd
     * prunes or merges it; {@code writing} is this process's pack, {@code n} the number for the new pack's name.
     */
    static Merged ifMany(StoreFolder folder, String writing, long n) throws IOException {
        if (folder.indexedPacks().size() < FROM) {
            return Merged.NONE; // one listing: most runs stop here, before any lock or stat
        }
        Merged m = PruneLock.holding(folder, false, () -> merge(folder, candidates(folder.scan(), writing,
                System.currentTimeMillis()), io.pycd.fs.ThisProcess.pid(), n, new ArrayList<>()));
        return m == null ? Merged.NONE : m;
    }

    /**
     * The small, settled packs of {@code contents} to merge, oldest first; empty when there are fewer than
     * {@link #FROM} packs in all, or fewer than two to merge. {@code writing} (this process's pack) is never one.
     */
    static List<StoreFolder.PackFile> candidates(StoreFolder.Contents contents, String writing, long nowMillis) {
        if (contents.packs().size() < FROM) {
            return List.of();
        }
        List<StoreFolder.PackFile> small = new ArrayList<>();
        for (StoreFolder.PackFile p : contents.packs()) {
            if (p.bytes() < SMALL && !p.id().equals(writing) && nowMillis - p.lastUsedMillis() > SETTLED_MILLIS) {
                small.add(p);
            }
        }
        small.sort(Comparator.comparing(StoreFolder.PackFile::id)); // ids start with the time a pack was begun
        List<StoreFolder.PackFile> chosen = new ArrayList<>();
        long bytes = 0;
        for (StoreFolder.PackFile p : small) {
            if (bytes + p.bytes() > MAX_BYTES) {
                break;
            }
            chosen.add(p);
            bytes += p.bytes();
        }
        return chosen.size() < 2 ? List.of() : chosen;
    }

    /**
     * Writes the entries of {@code packs} (oldest first: where two hold one key, the newer copy is read last and
     * kept) into a new pack of this process, numbered {@code n}, then removes them. Failures go to {@code errors}; a
     * pack that cannot be read whole is left as it is.
     */
    static Merged merge(StoreFolder folder, List<StoreFolder.PackFile> packs, long pid, long n,
                        List<PruneResult.Failure> errors) {
        if (packs.isEmpty()) {
            return Merged.NONE;
        }
        long started = 0;
        long lastUsed = 0;
        for (StoreFolder.PackFile p : packs) {
            started = Math.max(started, Long.parseLong(p.id().substring(0, 12), 16));
            lastUsed = Math.max(lastUsed, p.lastUsedMillis());
        }
        String id = StoreFolder.packId(started, pid, n);
        List<StoreFolder.PackFile> merged = new ArrayList<>();
        long entries = 0;
        long packBytes = 0;
        try (FileChannel pack = create(folder, folder.pack(id));
             FileChannel index = create(folder, folder.index(id))) {
            for (StoreFolder.PackFile p : packs) {
                byte[] records;
                byte[] data;
                try {
                    records = Files.readAllBytes(folder.index(p.id()));
                    data = Files.readAllBytes(folder.pack(p.id()));
                } catch (IOException e) {
                    continue; // removed by another pycd's prune meanwhile, or unreadable: left as it is
                }
                ByteBuffer little = ByteBuffer.wrap(records).order(ByteOrder.LITTLE_ENDIAN);
                for (int at = 0; at + PackIndex.RECORD <= records.length; at += PackIndex.RECORD) {
                    long offset = little.getLong(at + PackIndex.KEY_BYTES);
                    int length = little.getInt(at + PackIndex.KEY_BYTES + 8);
                    if (!PackIndex.whole(records, at) || offset < 0 || length <= 0 || offset + length > data.length) {
                        continue; // a torn or damaged record: its entry is not copied
                    }
                    write(pack, ByteBuffer.wrap(data, (int) offset, length), packBytes);
                    byte[] key = new byte[PackIndex.KEY_BYTES];
                    System.arraycopy(records, at, key, 0, key.length);
                    write(index, PackIndex.record(key, packBytes, length), entries * PackIndex.RECORD);
                    packBytes += length;
                    entries++;
                }
                merged.add(p);
            }
        } catch (IOException e) {
            errors.add(new PruneResult.Failure(folder.pack(id), IoErrors.describe(e)));
            StoreFolder.delete(folder.index(id), errors);
            StoreFolder.delete(folder.pack(id), errors);
            return Merged.NONE;
        }
        try {
            // dated as the newest pack it holds, so that a prune removes it when it would have removed that one
            Files.setLastModifiedTime(folder.pack(id), FileTime.fromMillis(lastUsed));
            Files.setLastModifiedTime(folder.index(id), FileTime.fromMillis(lastUsed));
        } catch (IOException e) {
            // it is then pruned as a new pack: later than the ones it holds would have been
        }
        long removedBytes = 0;
        long removedEntries = 0;
        int removed = 0;
        for (StoreFolder.PackFile p : merged) {
            // The index goes first: nobody finds entries in a pack that is about to go.
            if (StoreFolder.delete(folder.index(p.id()), errors) && StoreFolder.delete(folder.pack(p.id()), errors)) {
                removed++;
                removedBytes += p.bytes();
                removedEntries += p.indexBytes() / PackIndex.RECORD;
            }
        }
        return new Merged(removed, removedBytes, removedEntries, entries, packBytes + entries * PackIndex.RECORD);
    }

    private static FileChannel create(StoreFolder folder, java.nio.file.Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS);
    }

    private static void write(FileChannel ch, ByteBuffer b, long at) throws IOException {
        long to = at;
        while (b.hasRemaining()) {
            to += ch.write(b, to);
        }
    }
}
