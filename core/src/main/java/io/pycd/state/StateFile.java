package io.pycd.state;

import io.pycd.fs.ThisProcess;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small tab-separated file of pycd's own state (interpreter facts, remembered failures) under the user's cache
 * folder: a format line, then one record per line. It is only ever a cache: a missing, damaged or unwritable file
 * makes pycd slower, never wrong, so reading and writing never fail.
 */
public final class StateFile {

    private final Path file;
    private final String format;

    /**
     * @param format the first line; a file starting otherwise (an older pycd's) is ignored and replaced
     */
    public StateFile(Path file, String format) {
        this.file = file;
        this.format = format;
    }

    public Path path() {
        return file;
    }

    /** The format line this file starts with. */
    public String format() {
        return format;
    }

    /** Every record with exactly {@code fields} fields, unescaped; empty when the file is missing or foreign. */
    public List<String[]> read(int fields) {
        List<String[]> records = new ArrayList<>();
        try {
            String[] lines = text(file).split("\n"); // records never hold a raw line break (escape)
            if (!format.equals(lines[0])) {
                return records;
            }
            for (int l = 1; l < lines.length; l++) {
                String line = lines[l];
                String[] parts = line.split("\t", -1);
                if (parts.length == fields) {
                    for (int i = 0; i < parts.length; i++) {
                        parts[i] = unescape(parts[i]);
                    }
                    records.add(parts);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Missing or unreadable: nothing remembered.
        }
        return records;
    }

    /**
     * The whole of {@code file} as UTF-8 text; bytes that are not UTF-8 throw, as Files.readString would. Read through
     * java.io's stream, not a channel: every start reads a few state files (one per folder of the compile record), and
     * a channel's machinery and native buffer cost each more than its read (~10 ms over a standard library's folders).
     */
    public static String text(Path file) throws IOException {
        byte[] bytes;
        try (FileInputStream in = new FileInputStream(file.toString())) {
            bytes = in.readAllBytes();
        }
        String text = new String(bytes, StandardCharsets.UTF_8); // the fast way; replaces what is not UTF-8 ...
        if (text.indexOf('\uFFFD') >= 0) {
            // ... so that only text with a replacement character in it is decoded again, strictly
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        }
        return text;
    }

    /** Replaces the file's records atomically (temp file, then rename). */
    public void write(List<String[]> records) {
        StringBuilder sb = new StringBuilder(format).append('\n');
        for (String[] record : records) {
            for (int i = 0; i < record.length; i++) {
                sb.append(i == 0 ? "" : "\t").append(escape(record[i]));
            }
            sb.append('\n');
        }
        try {
            replace(file, sb);
        } catch (IOException | RuntimeException e) {
            // Read-only home or full disk: pycd works without its state, only slower.
        }
    }

    /**
     * Replaces {@code file} with {@code text} (UTF-8) atomically, so a reader sees the old file or the new one, never
     * half of one: a temp file in the same folder, then a rename over it.
     */
    public static void replace(Path file, CharSequence text) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = createTempBeside(file);
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Creates an empty temp file beside {@code file}: {@code <name>.<pid>-<n>.tmp}, owner-only as the JDK's temp files
     * are. Not {@code Files.createTempFile}, whose random names start a {@code SecureRandom}: the JDK's security
     * providers, ~25-40 ms of every run that writes a state file. This process's id and a counter keep writers apart;
     * a name left by a process that had this id before is skipped.
     */
    static Path createTempBeside(Path file) throws IOException {
        String prefix = file.getFileName() + "." + ThisProcess.pid() + "-";
        while (true) {
            Path tmp = file.resolveSibling(prefix + TEMP_COUNTER.incrementAndGet() + ".tmp");
            try {
                return Files.createFile(tmp, OWNER_ONLY);
            } catch (FileAlreadyExistsException e) {
                // a leftover of an earlier process with this id: the next number
            }
        }
    }

    private static final AtomicLong TEMP_COUNTER = new AtomicLong();
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    /**
     * A file name for the state of {@code id} (a set of roots, a folder): FNV-1a, 64 bits, in hex. Not a digest,
     * which would load the security providers on runs that need none; callers keep {@code id} in their records,
     * or can afford two ids sharing a file.
     */
    public static String nameFor(String id) {
        long h = 0xcbf29ce484222325L;
        for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xFF;
            h *= 0x100000001b3L;
        }
        String hex = Long.toHexString(h); // not String.format: a Formatter per folder, in a walk's every folder
        return "0".repeat(16 - hex.length()) + hex;
    }

    static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }

    /** A field as {@link #write} escaped it, back as it was: for readers that parse a state file themselves. */
    public static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                sb.append(n == 't' ? '\t' : n == 'n' ? '\n' : n == 'r' ? '\r' : n);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
