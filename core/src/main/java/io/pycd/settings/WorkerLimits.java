package io.pycd.settings;

import java.time.Duration;

/**
 * The limits of an interpreter's worker pool.
 *
 * @param workers          worker processes per interpreter
 * @param perFileTimeout   a worker that takes longer over one file is killed and replaced
 * @param memoryLimitBytes the address-space limit each worker sets on itself (0: none)
 */
public record WorkerLimits(int workers, Duration perFileTimeout, long memoryLimitBytes) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    public WorkerLimits {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1");
        }
    }

    /** One worker per core, 60 s per file, no memory limit. */
    public static WorkerLimits defaults() {
        return new WorkerLimits(Runtime.getRuntime().availableProcessors(), DEFAULT_TIMEOUT, 0);
    }
}
