package io.pycd.worker;

/** Why a worker did not answer for a job: the closed set of ways a compile can fail without compile() failing. */
public enum WorkerLoss {
    /** The worker crashed, exited or spoke nonsense while it had the job. */
    CRASHED,
    /** The worker took longer than the per-file limit and was killed. */
    TIMED_OUT,
    /** No worker could be started (or the interpreter changed on disk); the pool retries after a back-off. */
    NOT_STARTED,
    /** The pool stopped, or the job could not be prepared, before a worker had it. */
    ABANDONED
}
