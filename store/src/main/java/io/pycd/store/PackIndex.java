package io.pycd.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * Where each entry of the store is: the {@code <id>.idx} files of every pack, read into memory on the first lookup.
 * An index holds one 48-byte record per entry its pack holds, in the order they were written (little-endian): the
 * 32-byte key, the entry's u64 offset and u32 length in the pack, and a CRC-32C of those 44 bytes. A record that is
 * torn (a write under way, a crash) or damaged is left out; where two packs hold one key, the one read last is used,
 * and either holds the code for it. A lookup that misses reads what other pycd processes added since, at most once a
 * second: what it does not see yet is compiled, never wrong. Thread-safe.
 */
final class PackIndex {

    /** Bytes per record. */
    static final int RECORD = 48;
    static final int KEY_BYTES = 32;
    private static final long REFRESH_NANOS = 1_000_000_000L;

    /** Where one entry is. */
    record Location(String pack, long offset, int length) {
    }

    private final StoreFolder folder;
    private final Consumer<String> gone;
    /** By the key's first 8 bytes: a lookup verifies the whole key in the entry it reads. */
    private final Map<Long, Location> byKey = new HashMap<>();
    /** Per pack, how many bytes of its index have been read. */
    private final Map<String, Long> read = new HashMap<>();
    /** Every pack a refresh has found, until one no longer finds it (kept by {@link #reset()}). */
    private final Set<String> known = new HashSet<>();
    private boolean loaded;
    private long lastRefresh;

    /** {@code gone} hears of each pack a refresh no longer finds (removed by a prune or a clear). */
    PackIndex(StoreFolder folder, Consumer<String> gone) {
        this.folder = folder;
        this.gone = gone;
    }

    /** Where {@code key}'s entry is, or null. */
    synchronized Location find(StoreKey key) {
        long k = prefix(key);
        if (!loaded) {
            loaded = true;
            refresh();
            return byKey.get(k);
        }
        Location at = byKey.get(k);
        if (at == null && System.nanoTime() - lastRefresh > REFRESH_NANOS) {
            refresh();
            at = byKey.get(k);
        }
        return at;
    }

    /** Notes an entry this process has just written. */
    synchronized void add(StoreKey key, Location at) {
        byKey.put(prefix(key), at);
    }

    /** Forgets a location whose entry could not be read or was damaged. */
    synchronized void forget(StoreKey key, Location at) {
        byKey.remove(prefix(key), at);
    }

    /** Forgets everything: the next lookup reads every index again (after a prune or a clear). */
    synchronized void reset() {
        byKey.clear();
        read.clear();
        loaded = false;
    }

    private void refresh() {
        lastRefresh = System.nanoTime();
        List<String> ids;
        try {
            ids = new ArrayList<>(folder.indexedPacks());
        } catch (IOException e) {
            return;
        }
        ids.sort(null); // oldest first: a newer copy of an entry is the one kept
        for (String id : List.copyOf(known)) {
            if (!ids.contains(id)) {
                known.remove(id);
                read.remove(id);
                gone.accept(id);
            }
        }
        known.addAll(ids);
        for (String id : ids) {
            long from = read.getOrDefault(id, 0L);
            long to = readIndex(folder, id, from, (key, at) -> byKey.put(key, at));
            read.put(id, to);
        }
    }

    /** Receives one record of an index. */
    interface Records {
        void record(long keyPrefix, Location at);
    }

    /**
     * Reads the whole records of pack {@code id}'s index from byte {@code from} on, giving each undamaged one to
     * {@code sink}; returns the offset up to which whole records were read (an index that cannot be read: {@code from}).
     */
    static long readIndex(StoreFolder folder, String id, long from, Records sink) {
        try (FileChannel ch = FileChannel.open(folder.index(id), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            long size = ch.size();
            long whole = from + (size - from) / RECORD * RECORD;
            if (whole <= from) {
                return from;
            }
            ByteBuffer b = ByteBuffer.allocate((int) Math.min(whole - from, Integer.MAX_VALUE / RECORD * RECORD));
            while (b.hasRemaining() && ch.read(b, from + b.position()) > 0) {
                // read it whole
            }
            int n = b.position() / RECORD;
            byte[] bytes = b.array();
            ByteBuffer big = ByteBuffer.wrap(bytes);
            ByteBuffer little = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < n; i++) {
                int at = i * RECORD;
                if (whole(bytes, at)) {
                    long keyPrefix = big.getLong(at);
                    long offset = little.getLong(at + KEY_BYTES);
                    int length = little.getInt(at + KEY_BYTES + 8);
                    if (offset >= 0 && length > 0) {
                        sink.record(keyPrefix, new Location(id, offset, length));
                    }
                }
            }
            return from + (long) n * RECORD;
        } catch (IOException e) {
            return from;
        }
    }

    /** The record for {@code key}'s entry at {@code offset}, {@code length} bytes long. */
    static ByteBuffer record(StoreKey key, long offset, int length) {
        return record(keyBytes(key), offset, length);
    }

    /** The record for the entry of the key whose bytes are {@code key} at {@code offset}, {@code length} long. */
    static ByteBuffer record(byte[] key, long offset, int length) {
        byte[] bytes = new byte[RECORD];
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put(key).putLong(offset).putInt(length);
        b.putInt((int) crc(bytes, 0));
        return b.flip();
    }

    /** Whether the record at {@code at} in {@code records} is whole: its CRC matches (not torn, not damaged). */
    static boolean whole(byte[] records, int at) {
        return crc(records, at) == ByteBuffer.wrap(records).order(ByteOrder.LITTLE_ENDIAN).getInt(at + RECORD - 4);
    }

    static byte[] keyBytes(StoreKey key) {
        return HexFormat.of().parseHex(key.hex());
    }

    static long prefix(StoreKey key) {
        return Long.parseUnsignedLong(key.hex().substring(0, 16), 16);
    }

    private static int crc(byte[] bytes, int at) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, at, RECORD - 4);
        return (int) crc.getValue();
    }
}
