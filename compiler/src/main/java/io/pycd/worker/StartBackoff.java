package io.pycd.worker;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * When a pool may try to start a worker again after one failed to start (or its interpreter changed on disk): after
 * 1 s, then after twice as long each time it fails again, at most 60 s apart; a start that works resets it. A daemon
 * thus recovers from a broken interpreter once it is fixed, without trying to start it for every job meanwhile.
 * Thread-safe; times are {@link System#nanoTime()} values.
 */
final class StartBackoff {

    static final Duration FIRST = Duration.ofSeconds(1);
    static final Duration MOST = Duration.ofSeconds(60);

    private int failures;
    private long retryAt;
    private long lastFailure = Long.MIN_VALUE;
    private String reason;

    /** Why no start may be tried at {@code now}, or empty when one may. */
    synchronized Optional<String> refusal(long now) {
        if (failures == 0 || now - retryAt >= 0) {
            return Optional.empty();
        }
        return Optional.of(reason + String.format(Locale.ROOT, "; trying again in %.1f s", (retryAt - now) / 1e9));
    }

    /**
     * A start tried at {@code began} failed at {@code now}. Starts tried together (every thread of a pool warming
     * up) count as one failure.
     */
    synchronized void failed(long began, long now, String why) {
        if (lastFailure == Long.MIN_VALUE || began - lastFailure > 0) {
            long wait = Math.min(MOST.toNanos(), FIRST.toNanos() << Math.min(failures, 16));
            failures++;
            retryAt = now + wait;
        }
        lastFailure = now;
        reason = why;
    }

    synchronized void started() {
        failures = 0;
        lastFailure = Long.MIN_VALUE;
    }
}
