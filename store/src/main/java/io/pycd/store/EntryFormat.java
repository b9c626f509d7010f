package io.pycd.store;

import io.pycd.code.CompileWarning;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The bytes of one store entry, and their verification. Layout (little-endian): the 8-byte magic
 * {@code PYCDST01}; the 32-byte key; u8 level count, then a u32 length per level; u16 warning count, then per warning
 * u16 length + category, i32 line, u32 length + message (UTF-8); the code of each level; a CRC-32C of everything
 * before it. An entry is used only if every length adds up to the file's exact size, the key is the one looked up
 * and the CRC matches: a truncated, zero-length or damaged entry, or a file someone else put there, is a miss, never
 * a wrong cache. The CRC guards against damage, not forgery: the store folder must be the user's own.
 */
final class EntryFormat {

    static final byte[] MAGIC = "PYCDST01".getBytes(StandardCharsets.US_ASCII);
    private static final int KEY_BYTES = 32;
    private static final int CRC_BYTES = 4;

    private EntryFormat() {
    }

    static byte[] encode(StoreKey key, StoredCode stored) {
        List<byte[]> categories = new ArrayList<>();
        List<byte[]> messages = new ArrayList<>();
        int size = MAGIC.length + KEY_BYTES + 1 + 4 * stored.code().size() + 2 + CRC_BYTES;
        for (CompileWarning w : stored.warnings()) {
            byte[] c = truncate(w.category().getBytes(StandardCharsets.UTF_8), 0xFFFF);
            byte[] m = w.message().getBytes(StandardCharsets.UTF_8);
            categories.add(c);
            messages.add(m);
            size += 2 + c.length + 4 + 4 + m.length;
        }
        for (byte[] code : stored.code()) {
            size += code.length;
        }
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put(keyBytes(key)).put((byte) stored.code().size());
        stored.code().forEach(code -> b.putInt(code.length));
        b.putShort((short) stored.warnings().size());
        for (int i = 0; i < categories.size(); i++) {
            b.putShort((short) categories.get(i).length).put(categories.get(i));
            b.putInt(stored.warnings().get(i).line()).putInt(messages.get(i).length).put(messages.get(i));
        }
        stored.code().forEach(b::put);
        b.putInt((int) crc(b.array(), size - CRC_BYTES));
        return b.array();
    }

    /** The entry's content, or null when it is not a whole, undamaged entry for {@code key}. */
    static StoredCode decode(StoreKey key, byte[] bytes, int length) {
        if (length < MAGIC.length + KEY_BYTES + CRC_BYTES
                || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes, 0, length - CRC_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        int stored = ByteBuffer.wrap(bytes, length - CRC_BYTES, CRC_BYTES).order(ByteOrder.LITTLE_ENDIAN).getInt();
        if (stored != (int) crc(bytes, length - CRC_BYTES)) {
            return null;
        }
        try {
            b.position(MAGIC.length);
            byte[] k = new byte[KEY_BYTES];
            b.get(k);
            if (!Arrays.equals(k, keyBytes(key))) {
                return null;
            }
            int levels = b.get() & 0xFF;
            int[] lengths = new int[levels];
            for (int i = 0; i < levels; i++) {
                lengths[i] = b.getInt();
            }
            int count = b.getShort() & 0xFFFF;
            List<CompileWarning> warnings = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String category = string(b, b.getShort() & 0xFFFF);
                int line = b.getInt();
                warnings.add(new CompileWarning(category, string(b, b.getInt()), line));
            }
            List<byte[]> code = new ArrayList<>(levels);
            for (int len : lengths) {
                if (len < 0 || len > b.remaining()) {
                    return null;
                }
                byte[] c = new byte[len];
                b.get(c);
                code.add(c);
            }
            return b.hasRemaining() || levels == 0 ? null : new StoredCode(code, warnings);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            return null;
        }
    }

    private static String string(ByteBuffer b, int length) {
        if (length < 0 || length > b.remaining()) {
            throw new BufferUnderflowException();
        }
        byte[] s = new byte[length];
        b.get(s);
        return new String(s, StandardCharsets.UTF_8);
    }

    private static byte[] keyBytes(StoreKey key) {
        return java.util.HexFormat.of().parseHex(key.hex());
    }

    private static long crc(byte[] bytes, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, length);
        return crc.getValue();
    }

    private static byte[] truncate(byte[] bytes, int max) {
        return bytes.length <= max ? bytes : Arrays.copyOf(bytes, max);
    }
}
