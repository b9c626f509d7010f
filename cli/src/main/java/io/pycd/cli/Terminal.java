package io.pycd.cli;

import java.io.PrintStream;
import java.util.Locale;

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

    /** {@code 1,723}: thousands separated the same way whatever the locale. */
    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** {@code 2.1 s}, {@code 0.04 s} */
    public static String seconds(double s) {
        return s >= 10 ? String.format(Locale.ROOT, "%.0f s", s)
                : s >= 1 ? String.format(Locale.ROOT, "%.1f s", s) : String.format(Locale.ROOT, "%.2f s", s);
    }

    /** {@code 14.2 MB} */
    public static String bytes(long n) {
        if (n < 1000) {
            return n + " B";
        }
        String[] units = {"kB", "MB", "GB", "TB"};
        double v = n;
        int u = -1;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
