package io.pycd.audit.fix;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Lines to append to an ignore file, under one comment line, without touching what is there: no line is
 * rewritten or moved, the file's own line ending (LF or CRLF) is kept, a missing final newline is added first.
 *
 * @param file    the ignore file
 * @param display the file as shown to people (repository-relative)
 * @param create  the file does not exist yet
 * @param lines   the pattern lines to add, in template order
 */
public record Append(Path file, String display, boolean create, List<String> lines) {

    /** The comment line written above appended entries. */
    public static final String COMMENT = "# Python bytecode caches (added by pycd)";

    public Append {
        lines = List.copyOf(lines);
    }

    /** The bytes that would be appended to {@code existing} (null or empty when the file is new or empty). */
    public static byte[] bytesToAppend(byte[] existing, List<String> lines) {
        String eol = "\n";
        boolean needsEol = false;
        if (existing != null && existing.length > 0) {
            for (int i = 0; i < existing.length; i++) {
                if (existing[i] == '\n') {
                    eol = i > 0 && existing[i - 1] == '\r' ? "\r\n" : "\n";
                    break;
                }
            }
            needsEol = existing[existing.length - 1] != '\n';
        }
        StringBuilder sb = new StringBuilder();
        if (needsEol) {
            sb.append(eol);
        }
        sb.append(COMMENT).append(eol);
        for (String l : lines) {
            sb.append(l).append(eol);
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Writes the lines: appends in place (never rewrites the file), refuses a symbolic link.
     *
     * @return how to put the file back as it was
     * @throws IOException naming the file
     */
    public Undo apply() throws IOException {
        if (Files.isSymbolicLink(file)) {
            throw new IOException(file + " is a symbolic link; not editing it");
        }
        if (Files.isDirectory(file)) {
            throw new IOException(file + " is a folder, not an ignore file");
        }
        byte[] existing;
        try {
            existing = Files.exists(file, LinkOption.NOFOLLOW_LINKS) ? Files.readAllBytes(file) : null;
        } catch (IOException e) {
            throw new IOException(file + ": cannot read it: " + reason(e), e);
        }
        Undo undo = new Undo(this, existing == null ? -1 : existing.length);
        try {
            Files.write(file, bytesToAppend(existing, lines), StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE);
            return undo;
        } catch (IOException e) {
            String left = "";
            try {
                undo.run(); // a write cut short (a full disk) leaves part of the lines: take them back
            } catch (IOException u) {
                left = "; part of the lines may be left at its end (" + reason(u) + ")";
            }
            throw new IOException(file + ": cannot append to it: " + reason(e) + left, e);
        }
    }

    private static String reason(IOException e) {
        // a FileSystemException's message already starts with the file; its reason alone reads better here
        return e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason()
                : String.valueOf(e.getMessage());
    }

    /**
     * Puts a file back after {@link #apply()}: removes it when the append created it, else cuts it back to its
     * length before.
     *
     * @param length the file's length before, or -1 when it did not exist
     */
    public record Undo(Append append, long length) {

        public void run() throws IOException {
            if (length < 0) {
                Files.deleteIfExists(append.file);
                return;
            }
            try (FileChannel ch = FileChannel.open(append.file, StandardOpenOption.WRITE)) {
                ch.truncate(length);
            }
        }
    }
}
