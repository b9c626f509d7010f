package io.pycd.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The store's running totals in one small file, {@code ledger}: approximate bytes and entries (what pycd processes
 * added since the last scan), hits and misses. Every pycd process adds its own counts in one locked read-and-write
 * now and then, so no compile ever scans the store to know its size; a prune scans and sets the exact figures. A
 * missing or damaged ledger reads as zeros and {@link Totals#known()} false.
 */
final class StoreLedger {

    private static final byte[] MAGIC = "PYCDLG01".getBytes(StandardCharsets.US_ASCII);
    private static final int LENGTH = MAGIC.length + 4 * 8;

    /** File locks belong to the process: threads of one JVM take this lock first, one per ledger file. */
    private static final Map<Path, Object> IN_PROCESS = new ConcurrentHashMap<>();

    /**
     * @param bytes   entries' total size, approximately
     * @param entries how many entries, approximately
     * @param known   false when the ledger was missing or damaged: the figures are only what was added since
     */
    record Totals(long bytes, long entries, long hits, long misses, boolean known) {
        static final Totals NONE = new Totals(0, 0, 0, 0, false);

        Totals plus(long dBytes, long dEntries, long dHits, long dMisses) {
            return new Totals(Math.max(0, bytes + dBytes), Math.max(0, entries + dEntries), hits + dHits,
                    misses + dMisses, known);
        }
    }

    private final Path file;

    StoreLedger(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    /** The totals as they are, without a lock (a reader may see an older file, never half of one). */
    Totals read() {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return parse(ch);
        } catch (IOException e) {
            return Totals.NONE;
        }
    }

    /** Adds to the totals under the lock and returns them. */
    Totals add(long dBytes, long dEntries, long dHits, long dMisses) throws IOException {
        return update(t -> t.plus(dBytes, dEntries, dHits, dMisses));
    }

    /** Replaces the totals under the lock with what {@code change} makes of them, and returns the new ones. */
    Totals update(java.util.function.UnaryOperator<Totals> change) throws IOException {
        synchronized (IN_PROCESS.computeIfAbsent(file.toAbsolutePath().normalize(), p -> new Object())) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE,
                    StandardOpenOption.CREATE)) {
                FileLock lock = ch.lock();
                try {
                    Totals next = change.apply(parse(ch));
                    ByteBuffer b = ByteBuffer.allocate(LENGTH).order(ByteOrder.LITTLE_ENDIAN);
                    b.put(MAGIC).putLong(next.bytes()).putLong(next.entries()).putLong(next.hits())
                            .putLong(next.misses());
                    b.flip();
                    // Written in place, then cut: a reader without the lock never finds the file empty.
                    ch.write(b, 0);
                    ch.truncate(LENGTH);
                    return new Totals(next.bytes(), next.entries(), next.hits(), next.misses(), true);
                } finally {
                    lock.release();
                }
            }
        }
    }

    private static Totals parse(FileChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(LENGTH + 1).order(ByteOrder.LITTLE_ENDIAN);
        ch.read(b, 0);
        if (b.position() != LENGTH || !Arrays.equals(b.array(), 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            return Totals.NONE;
        }
        b.flip().position(MAGIC.length);
        return new Totals(b.getLong(), b.getLong(), b.getLong(), b.getLong(), true);
    }
}
