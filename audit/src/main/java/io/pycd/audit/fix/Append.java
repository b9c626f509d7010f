package io.pycd.audit.fix;

import java.io.IOException;
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

    /** Writes the lines. Appends in place (never rewrites the file); refuses a symbolic link. */
    public void apply() throws IOException {
        if (Files.isSymbolicLink(file)) {
            throw new IOException(display + " is a symbolic link; not editing it");
        }
        byte[] existing = Files.exists(file, LinkOption.NOFOLLOW_LINKS) ? Files.readAllBytes(file) : null;
        byte[] add = bytesToAppend(existing, lines);
        Files.write(file, add, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    }
}
