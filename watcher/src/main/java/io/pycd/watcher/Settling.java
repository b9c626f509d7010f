package io.pycd.watcher;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Whether a watcher has acted on every change it has seen under a root, and waiting until it has. A change is marked
 * in the debouncer, then taken by the dispatcher (which holds {@link #enter}..{@link #leave} around each turn), then
 * compiled: {@link #settled} looks at the three in that order, so a change that moves on meanwhile is seen where it
 * arrives.
 */
final class Settling {

    private final Debouncer debouncer;
    private final Compiles compiles;
    private final Map<RootWatch, ?> rescans;
    private final AtomicInteger turns = new AtomicInteger();
    private final Object quiet = new Object();

    /** @param rescans the rescans waiting, by root */
    Settling(Debouncer debouncer, Compiles compiles, Map<RootWatch, ?> rescans) {
        this.debouncer = debouncer;
        this.compiles = compiles;
        this.rescans = rescans;
    }

    /** The dispatcher starts a turn (changes taken from the debouncer are in its hands). */
    void enter() {
        turns.incrementAndGet();
    }

    /** The dispatcher's turn is over: what it took is compiling, held or done. */
    void leave() {
        turns.decrementAndGet();
        wake();
    }

    /** Something finished (a compile): a question waiting may have its answer. */
    void wake() {
        synchronized (quiet) {
            quiet.notifyAll();
        }
    }

    /** Nothing seen under {@code rw} waits to settle, is being dispatched, compiled or waits for a rescan. */
    boolean settled(RootWatch rw) {
        return !debouncer.holds(rw) && turns.get() == 0 && !compiles.inFlightUnder(rw.root)
                && !rescans.containsKey(rw);
    }

    boolean rescanPending(RootWatch rw) {
        return rescans.containsKey(rw);
    }

    /**
     * Waits until {@code rw} is {@link #settled}, asked again whenever the watcher wakes this (and every few
     * milliseconds, so that a wake-up between a look and the wait is never waited for); false when {@code deadline}
     * ({@link System#nanoTime}) passes first.
     */
    boolean await(RootWatch rw, long deadline) {
        while (!settled(rw)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            synchronized (quiet) {
                try {
                    quiet.wait(Math.max(1, Math.min(10, left / 1_000_000)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }
}
