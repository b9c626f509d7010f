package io.pycd.git;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Paths as git shows them to people. */
public final class GitPaths {

    private GitPaths() {
    }

    /**
     * A path for people: UTF-8 text when it is valid UTF-8, else git's C-style quoting with octal escapes
     * ({@code "caf\351/m.pyc"}), so that a name that is not UTF-8 is never silently changed.
     */
    public static String display(byte[] raw) {
        boolean ascii = true;
        for (byte b : raw) {
            if (b < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return new String(raw, StandardCharsets.ISO_8859_1);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            return quote(raw);
        }
    }

    /** git's C-style quoting: the path in double quotes, {@code "} and {@code \} escaped, other bytes in octal. */
    public static String quote(byte[] raw) {
        StringBuilder sb = new StringBuilder("\"");
        for (byte b : raw) {
            int c = b & 0xff;
            if (c == '"' || c == '\\') {
                sb.append('\\').append((char) c);
            } else if (c < 0x20 || c >= 0x7f) {
                sb.append('\\').append(Integer.toOctalString(0x200 | c).substring(1));
            } else {
                sb.append((char) c);
            }
        }
        return sb.append('"').toString();
    }
}
