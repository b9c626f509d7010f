package io.pycd.worker;

/**
 * Work for a {@link WorkerPool}. Both callbacks run on the pool's thread for the worker that takes the job, so
 * reading the source and writing the caches happen in parallel, as close as possible to the compile.
 */
public interface CompileJob {

    /** Bigger jobs go first: a long compile started last would leave the other workers idle at the end. */
    long weight();

    /** Reads the source just before it is sent. Returns null when there is nothing to send (it reported why). */
    CompileRequest prepare();

    /** Receives the worker's answer for the request {@link #prepare()} gave. */
    void complete(CompileRequest request, CompileOutcome outcome);

    /** The pool closed before the job was taken: it will never run, and whoever waits for it must hear so. */
    void abandon(String reason);
}
