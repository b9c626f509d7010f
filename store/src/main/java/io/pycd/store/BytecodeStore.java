package io.pycd.store;

import io.pycd.fs.IoErrors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytecode store: entries of compiled code found by a {@link StoreKey}, shared by every pycd process of the
 * user (two compiles, a compile beside the watch daemon). Each pycd appends the entries it adds to a pack of its own
 * ({@code <id>.pack}, with an {@code <id>.idx} saying where each entry is; {@link PackIndex}), so a cold compile of a
 * tree writes one pack, not a file per module; a pack is closed at a size (an eighth of the limit, at most 64 MiB) and
 * the next one started. Entries are verified on every read ({@link EntryFormat}). The store is kept under a size limit
 * by removing whole packs, least recently used first: a hit on an entry in a pack more than a day old copies it into
 * the running pycd's pack, so entries in use move on and old packs hold what nobody asked for. No lookup or write ever
 * fails a compile: a store that cannot be used (a folder of another user, unwritable, a full disk) turns itself off
 * with one {@link #problem()} and pycd compiles as without it. Thread-safe.
 */
public final class BytecodeStore implements AutoCloseable {

    /** An automatic prune goes down to this share of the limit, so that it runs once per many compiles. */
    static final double PRUNE_TO = 0.8;
    /** Counts reach the ledger at most this often (and on close). */
    private static final long FLUSH_NANOS = 1_000_000_000L;
    /** Half of a pack older than this was left by a crash (or a removal cut short). */
    private static final long STALE_HALF_MILLIS = 3_600_000L;
    /** A hit in a pack started longer ago than this is copied into this process's pack. */
    static final long COPY_AFTER_MILLIS = 86_400_000L;
    /** A pack is closed once it is this large, or an eighth of the limit if that is less. */
    private static final long PACK_BYTES = 64L << 20;
    /** Larger entries are damaged: compiling a source that large would take more memory than pycd allows. */
    private static final long MAX_ENTRY_BYTES = 1L << 30;
    /** Per process, not per store: two stores of one process on one folder must never pick the same pack name. */
    static final AtomicLong PACK_NAMES = new AtomicLong();
    /** A pack name already taken (left by a crashed process whose pid came back) is passed over this often. */
    private static final int NAME_TRIES = 16;

    private final StoreFolder folder;
    private final long maxBytes;
    private final boolean enabled;
    private final StoreLedger ledger;
    private final PackIndex index;
    private final Map<String, FileChannel> readers = new ConcurrentHashMap<>();
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();
    private final AtomicLong addedBytes = new AtomicLong();
    private final AtomicLong addedEntries = new AtomicLong();
    private final AtomicLong lastFlush = new AtomicLong(System.nanoTime());
    private volatile boolean addedSinceOpen;
    private volatile String problem;
    private Thread pruner;
    // This process's pack, guarded by the writer lock.
    private final Object writer = new Object();
    private String packId;
    private FileChannel pack;
    private FileChannel packIndex;
    private long packSize;
    private long packIndexSize;

    private BytecodeStore(Path root, long maxBytes, boolean enabled) {
        this.folder = new StoreFolder(root);
        this.maxBytes = maxBytes;
        this.enabled = enabled;
        this.ledger = new StoreLedger(folder.ledger());
        this.index = new PackIndex(folder, new java.util.function.Consumer<>() { // not a lambda: opened at every start
            @Override
            public void accept(String packId) {
                closeReader(packId);
            }
        });
        this.problem = enabled ? folder.unusable() : null;
    }

    /** The store in {@code root} (created on the first entry written), limited to {@code maxBytes}. */
    public static BytecodeStore open(Path root, long maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("a negative size limit");
        }
        return new BytecodeStore(root, maxBytes, true);
    }

    /** No store ({@code --no-store}): every lookup misses, nothing is written or counted. */
    public static BytecodeStore off() {
        return new BytecodeStore(Path.of(""), 0, false);
    }

    public Path folder() {
        return folder.root();
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** True while lookups can hit: the store is on and nothing has made it unusable. */
    public boolean usable() {
        return enabled && problem == null;
    }

    /**
     * True when the store has never been written here (its folder does not exist, or was deleted): a lookup now
     * could only miss. One stat; a run that opens an empty store can skip its lookups and the digests they need.
     */
    public boolean holdsNothing() {
        return !Files.isDirectory(folder.packs());
    }

    /** Why the store was turned off for this run (say it once), or empty. */
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    /** The entry stored under {@code key}, verified; empty on a miss (a damaged entry is a miss). */
    public Optional<StoredCode> get(StoreKey key) {
        if (!usable()) {
            return Optional.empty();
        }
        PackIndex.Location at = index.find(key);
        StoredCode found = null;
        byte[] bytes = null;
        if (at != null) {
            bytes = read(at);
            found = bytes == null ? null : EntryFormat.decode(key, bytes, bytes.length);
            if (found == null) {
                index.forget(key, at);
            }
        }
        if (found == null) {
            misses.incrementAndGet();
        } else {
            hits.incrementAndGet();
            if (isOld(at.pack()) && !at.pack().equals(currentPack())) {
                append(key, bytes); // keeps an entry in use out of the packs a prune removes first
            }
        }
        flushIfDue();
        return Optional.ofNullable(found);
    }

    /** Stores {@code code} under {@code key}; a failure turns the store off, it never throws. */
    public void put(StoreKey key, StoredCode code) {
        if (!usable()) {
            return;
        }
        append(key, EntryFormat.encode(key, code));
        flushIfDue();
    }

    private void append(StoreKey key, byte[] entry) {
        try {
            synchronized (writer) {
                if (pack != null && !Files.exists(folder.index(packId), LinkOption.NOFOLLOW_LINKS)) {
                    endPack(); // the store was cleared or deleted meanwhile: this pack is nobody's any more
                }
                if (pack == null) {
                    startPack();
                }
                long at = packSize;
                writeFully(pack, ByteBuffer.wrap(entry), at);
                packSize += entry.length;
                // The index record goes after the entry: a reader that finds the record finds the whole entry.
                writeFully(packIndex, PackIndex.record(key, at, entry.length), packIndexSize);
                packIndexSize += PackIndex.RECORD;
                index.add(key, new PackIndex.Location(packId, at, entry.length));
                if (packSize >= Math.min(PACK_BYTES, Math.max(1, maxBytes / 8))) {
                    endPack();
                }
            }
            addedBytes.addAndGet(entry.length + PackIndex.RECORD);
            addedEntries.incrementAndGet();
            addedSinceOpen = true;
        } catch (IOException e) {
            synchronized (writer) {
                endPack();
            }
            turnOff("cannot write to the store " + folder.root() + ": " + IoErrors.describe(e));
        }
    }

    /** Creates this process's next pack and its index (the folder too, when it is missing or was deleted). */
    private void startPack() throws IOException {
        folder.create();
        for (int tries = 1; ; tries++) {
            String id = StoreFolder.packId(System.currentTimeMillis(), io.pycd.fs.ThisProcess.pid(), PACK_NAMES.incrementAndGet());
            FileChannel p = null;
            try {
                p = createNew(folder.pack(id));
                FileChannel i = createNew(folder.index(id));
                packId = id;
                pack = p;
                packIndex = i;
                packSize = 0;
                packIndexSize = 0;
                return;
            } catch (IOException e) {
                if (p != null) { // the pack was made, its index not: neither is kept
                    closeQuietly(p);
                    Files.deleteIfExists(folder.pack(id));
                }
                if (!(e instanceof FileAlreadyExistsException) || tries == NAME_TRIES) {
                    throw e;
                }
            }
        }
    }

    private static FileChannel createNew(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS);
    }

    /** Closes this process's pack: the next entry starts another. */
    private void endPack() {
        closeQuietly(pack);
        closeQuietly(packIndex);
        pack = null;
        packIndex = null;
        packId = null;
    }

    private String currentPack() {
        synchronized (writer) {
            return packId;
        }
    }

    private static boolean isOld(String packId) {
        long started = Long.parseLong(packId.substring(0, 12), 16);
        return System.currentTimeMillis() - started > COPY_AFTER_MILLIS;
    }

    /** The bytes of the entry at {@code at}, or null when they cannot be read. */
    private byte[] read(PackIndex.Location at) {
        if (at.length() > MAX_ENTRY_BYTES) {
            return null;
        }
        try {
            FileChannel ch = readers.get(at.pack());
            if (ch == null) {
                ch = FileChannel.open(folder.pack(at.pack()), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
                FileChannel raced = readers.putIfAbsent(at.pack(), ch);
                if (raced != null) {
                    ch.close();
                    ch = raced;
                }
            }
            ByteBuffer b = ByteBuffer.allocate(at.length());
            while (b.hasRemaining() && ch.read(b, at.offset() + b.position()) > 0) {
                // read it whole
            }
            return b.hasRemaining() ? null : b.array();
        } catch (IOException e) {
            return null; // the pack was removed (a prune, a clear), or cannot be read: a miss either way
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer b, long at) throws IOException {
        long position = at;
        while (b.hasRemaining()) {
            position += ch.write(b, position);
        }
    }

    /** Adds this process's counts to the ledger now; prunes in the background when the store has grown too big. */
    public void flush() {
        long dBytes = addedBytes.getAndSet(0);
        long dEntries = addedEntries.getAndSet(0);
        long dHits = hits.getAndSet(0);
        long dMisses = misses.getAndSet(0);
        lastFlush.set(System.nanoTime());
        if (!usable() || (dBytes == 0 && dHits == 0 && dMisses == 0)) {
            return;
        }
        if (dBytes == 0 && !Files.isDirectory(folder.packs())) {
            return; // lookups alone never create a store: there is nothing to count them in
        }
        StoreLedger.Totals totals;
        try {
            folder.create();
            totals = ledger.add(dBytes, dEntries, dHits, dMisses);
        } catch (IOException e) {
            turnOff("cannot write to the store " + folder.root() + ": " + IoErrors.describe(e));
            return;
        }
        if (addedSinceOpen && totals.bytes() > maxBytes) {
            pruneInBackground();
        }
    }

    private void flushIfDue() {
        long last = lastFlush.get();
        if (System.nanoTime() - last > FLUSH_NANOS && lastFlush.compareAndSet(last, System.nanoTime())) {
            flush();
        }
    }

    private synchronized void pruneInBackground() {
        if (pruner != null && pruner.isAlive()) {
            return;
        }
        pruner = new Thread(() -> prune((long) (maxBytes * PRUNE_TO), false), "pycd-store-prune");
        pruner.setDaemon(true);
        pruner.start();
    }

    /**
     * Merges the small packs of other runs when there are many ({@link PackMerge}; only a run that wrote entries, and
     * only when no other pycd prunes or merges), flushes the counts, waits for a prune this process started, and
     * closes this process's pack.
     */
    @Override
    public void close() {
        if (addedSinceOpen && usable()) {
            mergeSmallPacks();
        }
        flush();
        Thread t;
        synchronized (this) {
            t = pruner;
        }
        if (t != null) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (writer) {
            endPack();
        }
        closeReaders();
    }

    private void mergeSmallPacks() {
        try {
            PackMerge.Merged m = PackMerge.ifMany(folder, currentPack(), PACK_NAMES.incrementAndGet());
            // the ledger counts what the store holds: the new pack in, the packs it replaced out
            addedBytes.addAndGet(m.bytes() - m.removedBytes());
            addedEntries.addAndGet(m.entries() - m.removedEntries());
        } catch (IOException | RuntimeException e) {
            // merged by a later run
        }
    }

    /** Closes the channel a pack that is gone was read through (a lookup reading it then misses, as it would). */
    private void closeReader(String packId) {
        closeQuietly(readers.remove(packId));
    }

    private void closeReaders() {
        for (var reader : readers.values()) {
            closeQuietly(reader);
        }
        readers.clear();
    }

    /** Counts the entries (distinct keys, from every pack's index) and their size, with the ledger's hits and misses. */
    public StoreStats stats() throws IOException {
        StoreFolder.Contents c = folder.scan();
        Set<Long> keys = new HashSet<>();
        for (StoreFolder.PackFile p : c.packs()) {
            PackIndex.readIndex(folder, p.id(), 0, (key, at) -> keys.add(key));
        }
        StoreLedger.Totals t = ledger.read();
        return new StoreStats(folder.root(), keys.size(), c.bytes(), maxBytes, t.hits() + hits.get(),
                t.misses() + misses.get());
    }

    /**
     * Removes least recently used packs until the rest fit in {@code targetBytes}, halves of packs left by crashes,
     * and an older pycd's entries; sets the ledger to what is left. Another pycd pruning at the same time is waited for.
     */
    public PruneResult prune(long targetBytes) {
        return prune(targetBytes, true);
    }

    /** Removes every entry, and resets the counts. */
    public PruneResult clear() {
        return prune(-1);
    }

    /** Null when {@code wait} is false and another prune of this store is running. */
    private PruneResult prune(long targetBytes, boolean wait) {
        if (!Files.isDirectory(folder.packs()) && !Files.isDirectory(folder.root().resolve("v1"))) {
            return new PruneResult(0, 0, 0, 0, List.of());
        }
        try {
            return PruneLock.holding(folder, wait, () -> pruneLocked(targetBytes));
        } catch (IOException e) {
            return new PruneResult(0, 0, 0, 0, List.of(new PruneResult.Failure(folder.root(), IoErrors.describe(e))));
        }
    }

    /**
     * {@code targetBytes} -1: everything goes, and the counts restart. Done under the ledger's lock, so that no count
     * another pycd adds between the scan and the new totals is lost (a later flush may count twice what the scan
     * counted: the store then prunes once more, and the totals are exact again).
     */
    private PruneResult pruneLocked(long targetBytes) throws IOException {
        List<PruneResult.Failure> errors = new ArrayList<>();
        // An older pycd's entries count in no ledger: they go first, without holding up other pycd's counts.
        StoreFolder.Removed v1 = folder.removeVersion1(errors);
        PruneResult[] result = new PruneResult[1];
        try {
            ledger.update(t -> {
                result[0] = pruneScanned(targetBytes, v1, errors);
                boolean all = targetBytes < 0;
                return new StoreLedger.Totals(result[0].bytes(), result[0].entries(), all ? 0 : t.hits(),
                        all ? 0 : t.misses(), true);
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        index.reset();
        return result[0];
    }

    private PruneResult pruneScanned(long targetBytes, StoreFolder.Removed v1, List<PruneResult.Failure> errors) {
        boolean all = targetBytes < 0;
        StoreFolder.Contents c;
        try {
            c = folder.scan();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long now = System.currentTimeMillis();
        for (StoreFolder.Orphan half : c.orphans()) {
            if (all || now - half.lastUsedMillis() > STALE_HALF_MILLIS) {
                StoreFolder.delete(half.path(), errors);
            }
        }
        List<StoreFolder.PackFile> packs = new ArrayList<>(c.packs());
        packs.sort(Comparator.comparingLong(StoreFolder.PackFile::lastUsedMillis)
                .thenComparing(StoreFolder.PackFile::id));
        long bytes = c.bytes();
        long count = packs.stream().mapToLong(p -> p.indexBytes() / PackIndex.RECORD).sum();
        long removed = v1.entries();
        long freed = v1.bytes();
        for (StoreFolder.PackFile p : packs) {
            if (!all && bytes <= targetBytes) {
                break;
            }
            // The index goes first: nobody finds entries in a pack that is about to go.
            if (StoreFolder.delete(folder.index(p.id()), errors) && StoreFolder.delete(folder.pack(p.id()), errors)) {
                bytes -= p.bytes();
                count -= p.indexBytes() / PackIndex.RECORD;
                removed += p.indexBytes() / PackIndex.RECORD;
                freed += p.bytes();
            }
        }
        return new PruneResult(removed, freed, count, bytes, errors);
    }

    private void turnOff(String why) {
        synchronized (this) {
            if (problem == null) {
                problem = why;
            }
        }
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            if (ch != null) {
                ch.close();
            }
        } catch (IOException e) {
            // Nothing was buffered: every write went to the file already.
        }
    }
}
