package io.pycd.cli;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;

/** A one-line progress bar on standard error, drawn at most ten times a second; nothing when not on a terminal. */
public final class ProgressBar implements AutoCloseable {

    private static final int WIDTH = 30;

    private final PrintStream err;
    private final boolean enabled;
    private final String label;
    private final AtomicLong done = new AtomicLong();
    private volatile long total;
    private volatile long lastDraw;
    private boolean drawn;

    public ProgressBar(Terminal terminal, String label, long total, boolean wanted) {
        this.err = terminal.err();
        this.enabled = terminal.progress() && wanted;
        this.label = label;
        this.total = total;
    }

    public void total(long total) {
        this.total = total;
    }

    public void step() {
        draw(done.incrementAndGet());
    }

    /** For work counted by its owner: {@code d} units are done. */
    public void done(long d) {
        done.set(d);
        draw(d);
    }

    private void draw(long d) {
        if (!enabled || total == 0) {
            return; // steps can come before the total is known (compiles start during the walk)
        }
        long now = System.nanoTime();
        if (now - lastDraw < 100_000_000L && d < total) {
            return;
        }
        synchronized (this) {
            lastDraw = now;
            long t = Math.max(total, 1);
            int filled = (int) Math.min(WIDTH, WIDTH * d / t);
            err.print("\r[" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "] " + Terminal.count(d) + "/"
                    + Terminal.count(t) + " " + label + "\u001b[K");
            err.flush();
            drawn = true;
        }
    }

    @Override
    public synchronized void close() {
        if (drawn) {
            err.print("\r\u001b[K");
            err.flush();
        }
    }
}
