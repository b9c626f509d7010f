package io.pycd.cli;

import java.io.PrintStream;

/**
 * What the output goes to: colours only on a terminal (and never with NO_COLOR), a progress bar only when standard
 * error is a terminal. bin/pycd tells the JVM which streams are terminals ({@code -Dpycd.tty.out}, {@code .err}).
 */
public final class Terminal {

    private static final String RESET = "\u001b[0m";

    private final PrintStream out;
    private final PrintStream err;
    private final boolean colour;
    private final boolean progress;

    public Terminal(PrintStream out, PrintStream err, boolean colour, boolean progress) {
        this.out = out;
        this.err = err;
        this.colour = colour;
        this.progress = progress;
    }

    public static Terminal system() {
        boolean ttyOut = Boolean.getBoolean("pycd.tty.out");
        boolean ttyErr = Boolean.getBoolean("pycd.tty.err");
        boolean noColour = System.getenv("NO_COLOR") != null && !System.getenv("NO_COLOR").isEmpty();
        return new Terminal(System.out, System.err, ttyOut && !noColour, ttyErr);
    }

    public PrintStream out() {
        return out;
    }

    public PrintStream err() {
        return err;
    }

    public boolean progress() {
        return progress;
    }

    public String red(String s) {
        return paint("\u001b[31m", s);
    }

    public String green(String s) {
        return paint("\u001b[32m", s);
    }

    public String yellow(String s) {
        return paint("\u001b[33m", s);
    }

    public String cyan(String s) {
        return paint("\u001b[36m", s);
    }

    public String bold(String s) {
        return paint("\u001b[1m", s);
    }

    public String dim(String s) {
        return paint("\u001b[2m", s);
    }

    private String paint(String code, String s) {
        return colour ? code + s + RESET : s;
    }

    /**
     * {@code 1,723}: thousands separated the same way whatever the locale. Written out, as are {@link #seconds} and
     * {@link #bytes}: every command prints a summary line, and {@code String.format} parses its pattern with a
     * regular expression and sets up the locale's number symbols first, interpreted, at every start.
     */
    public static String count(long n) {
        String digits = Long.toString(Math.abs(n));
        StringBuilder b = new StringBuilder(digits.length() + digits.length() / 3 + 1);
        if (n < 0) {
            b.append('-');
        }
        for (int i = 0; i < digits.length(); i++) {
            if (i > 0 && (digits.length() - i) % 3 == 0) {
                b.append(',');
            }
            b.append(digits.charAt(i));
        }
        return b.toString();
    }

    /** {@code 1 folder}, {@code 1,723 files}: a count and its noun, plural unless the count is one. */
    public static String plural(long n, String noun) {
        return count(n) + " " + noun + (n == 1 ? "" : "s");
    }

    /** {@code 2.1 s}, {@code 0.04 s}, {@code 12 s} */
    public static String seconds(double s) {
        return (s >= 10 ? fixed(s, 0) : s >= 1 ? fixed(s, 1) : fixed(s, 2)) + " s";
    }

    /** {@code 14.2 MB} */
    public static String bytes(long n) {
        if (n < 1000) {
            return n + " B";
        }
        String[] units = {"kB", "MB", "GB", "TB"};
        double v = n;
        int u = -1;
        while (v >= 999.95 && u < units.length - 1) { // what rounds to 1000.0 takes the next unit: 1.0 MB
            v /= 1000;
            u++;
        }
        return fixed(v, 1) + " " + units[u];
    }

    /** {@code v} with {@code decimals} digits after the point, rounded half up, as {@code %.Nf} prints it. */
    static String fixed(double v, int decimals) {
        return java.math.BigDecimal.valueOf(v).setScale(decimals, java.math.RoundingMode.HALF_UP).toPlainString();
    }
}
