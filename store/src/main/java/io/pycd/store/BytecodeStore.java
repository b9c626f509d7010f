package io.pycd.store;

import io.pycd.fs.IoErrors;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bytecode store: entries of compiled code found by a {@link StoreKey}, shared by every pycd process of the
 * user (two compiles, a compile beside the watch daemon). Entries are written atomically (a temp file, then a
 * rename), verified on every read ({@link EntryFormat}), and kept under a size limit, least recently used first (a
 * hit refreshes the entry's mtime). No lookup or write ever fails a compile: a store that cannot be used (a folder of
 * another user, unwritable, a full disk) turns itself off with one {@link #problem()} and pycd compiles as without
 * it. Thread-safe.
 */
public final class BytecodeStore implements AutoCloseable {

    /** An automatic prune goes down to this share of the limit, so that it runs once per many compiles. */
    static final double PRUNE_TO = 0.8;
    /** Counts reach the ledger at most this often (and on close). */
    private static final long FLUSH_NANOS = 1_000_000_000L;
    /** A temp file older than this was left by a crash. */
    private static final long STALE_TEMP_MILLIS = 3_600_000L;
    /** Larger entries are damaged: compiling a source that large would take more memory than pycd allows. */
    private static final long MAX_ENTRY_BYTES = 1L << 30;
    private static final long PID = ProcessHandle.current().pid();
    /** Per process, not per store: two stores of one process on one folder must never pick the same temp name. */
    static final AtomicLong TEMP_NAMES = new AtomicLong();
    /** A temp name already taken (left by a crashed process whose pid came back) is passed over this often. */
    private static final int TEMP_TRIES = 16;
    private static final Map<Path, ReentrantLock> PRUNING = new ConcurrentHashMap<>();

    private final StoreFolder folder;
    private final long maxBytes;
    private final boolean enabled;
    private final StoreLedger ledger;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();
    private final AtomicLong addedBytes = new AtomicLong();
    private final AtomicLong addedEntries = new AtomicLong();
    private final AtomicLong lastFlush = new AtomicLong(System.nanoTime());
    private volatile boolean addedSinceOpen;
    private volatile boolean created;
    private volatile String problem;
    private Thread pruner;

    private BytecodeStore(Path root, long maxBytes, boolean enabled) {
        this.folder = new StoreFolder(root);
        this.maxBytes = maxBytes;
        this.enabled = enabled;
        this.ledger = new StoreLedger(folder.ledger());
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
        return !Files.isDirectory(folder.entries());
    }

    /** Why the store was turned off for this run (say it once), or empty. */
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    /** The entry stored under {@code key}, verified; empty on a miss. A damaged entry is removed (and a miss). */
    public Optional<StoredCode> get(StoreKey key) {
        if (!usable()) {
            return Optional.empty();
        }
        Path entry = folder.entry(key);
        StoredCode found = null;
        try (FileChannel ch = FileChannel.open(entry, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            long size = ch.size();
            if (size <= MAX_ENTRY_BYTES) {
                ByteBuffer b = ByteBuffer.allocate((int) size);
                while (b.hasRemaining() && ch.read(b) > 0) {
                    // read it whole
                }
                found = EntryFormat.decode(key, b.array(), b.position());
            }
            if (found == null) {
                Files.deleteIfExists(entry);
            }
        } catch (IOException e) {
            // Missing (the usual miss), or unreadable: a miss either way.
        }
        if (found == null) {
            misses.incrementAndGet();
        } else {
            hits.incrementAndGet();
            touch(entry);
        }
        flushIfDue();
        return Optional.ofNullable(found);
    }

    /** Stores {@code code} under {@code key}, atomically; a failure turns the store off, it never throws. */
    public void put(StoreKey key, StoredCode code) {
        if (!usable()) {
            return;
        }
        Path entry = folder.entry(key);
        Path temp = null;
        try {
            byte[] bytes = EntryFormat.encode(key, code);
            if (!created) {
                folder.create();
                created = true;
            }
            temp = write(entry, bytes);
            try {
                Files.move(temp, entry, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (NoSuchFileException e) {
                return; // a clear or a deleted store folder took the temp file away: this entry is simply not kept
            }
            addedBytes.addAndGet(bytes.length);
            addedEntries.incrementAndGet();
            addedSinceOpen = true;
        } catch (IOException e) {
            if (temp != null) {
                deleteQuietly(temp);
            }
            turnOff("cannot write to the store " + folder.root() + ": " + IoErrors.describe(e));
            return;
        }
        flushIfDue();
    }

    /** Writes {@code bytes} to a new temp file beside {@code entry} and returns it. */
    private Path write(Path entry, byte[] bytes) throws IOException {
        for (int tries = 1; ; tries++) {
            Path temp = entry.resolveSibling(StoreFolder.tempName(entry, PID, TEMP_NAMES.incrementAndGet()));
            try (FileChannel ch = createNew(temp)) {
                ByteBuffer b = ByteBuffer.wrap(bytes);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                return temp;
            } catch (FileAlreadyExistsException e) {
                if (tries == TEMP_TRIES) {
                    throw e;
                }
            } catch (IOException e) {
                deleteQuietly(temp);
                throw e;
            }
        }
    }

    private FileChannel createNew(Path temp) throws IOException {
        try {
            return FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (NoSuchFileException e) {
            folder.create(); // the store was deleted meanwhile
            Files.createDirectories(temp.getParent()); // or this is a new fan-out folder
            return FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
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
        if (!created && dBytes == 0 && !Files.isDirectory(folder.entries())) {
            return; // lookups alone never create a store: there is nothing to count them in
        }
        StoreLedger.Totals totals;
        try {
            if (!created) {
                folder.create();
                created = true;
            }
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

    /** Flushes the counts and waits for a prune this process started. */
    @Override
    public void close() {
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
    }

    /** Counts the entries and their size (one walk of the store), with the ledger's hits and misses. */
    public StoreStats stats() throws IOException {
        StoreFolder.Contents c = folder.scan();
        StoreLedger.Totals t = ledger.read();
        return new StoreStats(folder.root(), c.entries().size(), c.bytes(), maxBytes, t.hits() + hits.get(),
                t.misses() + misses.get());
    }

    /**
     * Removes least recently used entries until the rest fit in {@code targetBytes}, and temp files left by crashes;
     * sets the ledger to what is left. Another pycd pruning at the same time is waited for.
     */
    public PruneResult prune(long targetBytes) {
        return prune(targetBytes, true);
    }

    /** Removes every entry and temp file, and resets the counts. */
    public PruneResult clear() {
        return prune(-1);
    }

    /** Null when {@code wait} is false and another prune of this store is running. */
    private PruneResult prune(long targetBytes, boolean wait) {
        if (!Files.isDirectory(folder.entries())) {
            return new PruneResult(0, 0, 0, 0, List.of());
        }
        // File locks belong to the process: threads of this JVM take the in-process lock first.
        ReentrantLock inProcess = PRUNING.computeIfAbsent(folder.pruneLock().toAbsolutePath().normalize(),
                p -> new ReentrantLock());
        if (wait) {
            inProcess.lock();
        } else if (!inProcess.tryLock()) {
            return null;
        }
        try (FileChannel ch = FileChannel.open(folder.pruneLock(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = wait ? ch.lock() : ch.tryLock()) {
            return lock == null ? null : pruneLocked(targetBytes);
        } catch (IOException e) {
            return new PruneResult(0, 0, 0, 0, List.of(new PruneResult.Failure(folder.root(), IoErrors.describe(e))));
        } finally {
            inProcess.unlock();
        }
    }

    /** {@code targetBytes} -1: everything goes, and the counts restart. */
    private PruneResult pruneLocked(long targetBytes) throws IOException {
        StoreFolder.Contents c = folder.scan();
        List<PruneResult.Failure> errors = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (StoreFolder.EntryFile temp : c.temps()) {
            if (targetBytes < 0 || now - temp.lastUsedMillis() > STALE_TEMP_MILLIS) {
                remove(temp, errors);
            }
        }
        List<StoreFolder.EntryFile> entries = new ArrayList<>(c.entries());
        entries.sort(Comparator.comparingLong(StoreFolder.EntryFile::lastUsedMillis)
                .thenComparing(e -> e.path().getFileName().toString()));
        boolean all = targetBytes < 0;
        long bytes = c.bytes();
        long count = entries.size();
        long removed = 0;
        long freed = 0;
        for (StoreFolder.EntryFile e : entries) {
            if (!all && bytes <= targetBytes) {
                break;
            }
            if (remove(e, errors)) {
                bytes -= e.size();
                count--;
                removed++;
                freed += e.size();
            }
        }
        long leftBytes = bytes;
        long leftEntries = count;
        ledger.update(t -> new StoreLedger.Totals(leftBytes, leftEntries, all ? 0 : t.hits(), all ? 0 : t.misses(),
                true));
        return new PruneResult(removed, freed, leftEntries, leftBytes, errors);
    }

    private static boolean remove(StoreFolder.EntryFile e, List<PruneResult.Failure> errors) {
        try {
            Files.deleteIfExists(e.path());
            return true;
        } catch (IOException x) {
            errors.add(new PruneResult.Failure(e.path(), IoErrors.describe(x)));
            return false;
        }
    }

    private static void touch(Path entry) {
        try {
            Files.setLastModifiedTime(entry, FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException e) {
            // A read-only store still serves hits; its recency just stops moving.
        }
    }

    private void turnOff(String why) {
        synchronized (this) {
            if (problem == null) {
                problem = why;
            }
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // A temp file a later prune removes.
        }
    }
}
