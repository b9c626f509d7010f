package io.pycd.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A size as people write it in a flag, a variable or pyproject.toml: bytes ({@code 1073741824}) or a whole number of
 * KiB, MiB, GiB or TiB ({@code 500M}, {@code 2G}, {@code 2GiB}; case does not matter). Units are powers of 1024,
 * as {@code du} and {@code ccache} count them.
 */
public final class ByteSize {

    private static final Pattern SIZE = Pattern.compile("([0-9]{1,19})\\s*(?:([KMGT])(?:I?B)?|B)?");
    private static final String UNITS = "KMGT";

    private ByteSize() {
    }

    /** The size in bytes; an {@link IllegalArgumentException} says what is wrong with {@code text}. */
    public static long parse(String text) {
        Matcher m = SIZE.matcher(text.strip().toUpperCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size (bytes, or a number with K, M, G or T: "
                    + "500M, 2G)");
        }
        try {
            long n = Long.parseLong(m.group(1));
            int shift = m.group(2) == null ? 0 : 10 * (UNITS.indexOf(m.group(2)) + 1);
            if (shift > 0 && n > Long.MAX_VALUE >> shift) {
                throw new IllegalArgumentException("'" + text + "' is too large");
            }
            return n << shift;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is too large");
        }
    }

    /** {@code 1 GiB}, {@code 500 MiB}, {@code 1.5 GiB}, {@code 812 B}: for limits, in the units they are given in. */
    public static String format(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double v = bytes;
        int unit = -1;
        while (v >= 1024 && unit < UNITS.length() - 1) {
            v /= 1024;
            unit++;
        }
        String number = v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
        return number + " " + UNITS.charAt(unit) + "iB";
    }
}
