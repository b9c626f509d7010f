package io.pycd.watcher;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters since start, in constant memory: latencies of the last {@value #WINDOW} compiles after a change, the last
 * {@value #ERRORS} errors.
 */
public final class WatchStats {

    public static final int WINDOW = 1024;
    public static final int ERRORS = 10;

    private final AtomicLong compiled = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong removed = new AtomicLong();
    private final AtomicLong rescans = new AtomicLong();
    private final double[] latencies = new double[WINDOW];
    private int latencyCount;
    private final Deque<String> lastErrors = new ArrayDeque<>();

    /** What {@code pycd daemon status} shows. */
    public record Snapshot(long compiled, long errors, long removed, long rescans, double p50, double p95,
                           int samples, List<String> lastErrors) {
    }

    void compiled(double ms, boolean afterChange) {
        compiled.incrementAndGet();
        if (afterChange) {
            synchronized (latencies) {
                latencies[latencyCount++ % WINDOW] = ms;
            }
        }
    }

    void error(String description) {
        errors.incrementAndGet();
        synchronized (lastErrors) {
            lastErrors.addLast(description);
            while (lastErrors.size() > ERRORS) {
                lastErrors.removeFirst();
            }
        }
    }

    void removed() {
        removed.incrementAndGet();
    }

    void rescan() {
        rescans.incrementAndGet();
    }

    public Snapshot snapshot() {
        double[] copy;
        synchronized (latencies) {
            copy = Arrays.copyOf(latencies, Math.min(latencyCount, WINDOW));
        }
        Arrays.sort(copy);
        List<String> errs;
        synchronized (lastErrors) {
            errs = new ArrayList<>(lastErrors);
        }
        return new Snapshot(compiled.get(), errors.get(), removed.get(), rescans.get(), percentile(copy, 50),
                percentile(copy, 95), copy.length, errs);
    }

    /** Nearest-rank percentile; NaN when there is no sample. */
    static double percentile(double[] sorted, int p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
