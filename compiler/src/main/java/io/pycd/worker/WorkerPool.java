package io.pycd.worker;

import io.pycd.interpreter.Interpreter;
import io.pycd.settings.WorkerLimits;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A pool of long-lived compile workers for one interpreter. Jobs wait in a queue ordered largest first; each worker
 * has a thread that prepares a job, sends it, waits for the answer and completes it. A worker that dies or exceeds
 * the per-file time limit is killed, that job is completed with {@link CompileOutcome.WorkerLost}, and a fresh
 * worker starts for the next job. Workers start on the first job, so a run with nothing to compile starts none. A
 * worker that cannot start is tried again after a back-off ({@link StartBackoff}); jobs that come meanwhile fail at
 * once, saying when the next try is.
 */
public final class WorkerPool implements AutoCloseable {

    private record Queued(CompileJob job, long weight, long sequence) {
    }

    /** Largest first, then in the order queued. A class, not a lambda: a compile's start links no lambda. */
    private static final class LargestFirst implements Comparator<Queued> {
        @Override
        public int compare(Queued a, Queued b) {
            return a.weight != b.weight ? Long.compare(b.weight, a.weight) : Long.compare(a.sequence, b.sequence);
        }
    }

    private static final class TimerThreads implements ThreadFactory {
        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "pycd-worker-timer");
            t.setDaemon(true);
            return t;
        }
    }

    /** A pool thread's loop. */
    private final class Serve implements Runnable {
        @Override
        public void run() {
            serve();
        }
    }

    private static final String SCRIPT = WorkerScript.TEXT;
    private static final Queued POISON = new Queued(null, Long.MAX_VALUE, -1);

    private final Interpreter interpreter;
    private final WorkerLimits settings;
    private final String script;
    private final PriorityBlockingQueue<Queued> queue = new PriorityBlockingQueue<>(64, new LargestFirst());
    private final AtomicLong sequence = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();
    private final List<WorkerProcess> live = new ArrayList<>();
    private final ScheduledExecutorService timer;
    private final AtomicLong workersStarted = new AtomicLong();
    private final StartBackoff backoff = new StartBackoff();
    private volatile boolean closed;
    private volatile boolean eager;

    public WorkerPool(Interpreter interpreter, WorkerLimits settings) {
        this(interpreter, settings, SCRIPT);
    }

    /** A pool whose workers run {@code script} instead of pycd's worker (tests give it faults of their own). */
    WorkerPool(Interpreter interpreter, WorkerLimits settings, String script) {
        this.interpreter = interpreter;
        this.settings = settings;
        this.script = script;
        this.timer = Executors.newSingleThreadScheduledExecutor(new TimerThreads());
    }

    public Interpreter interpreter() {
        return interpreter;
    }

    /** How many worker processes have been started so far (restarts included). */
    public long workersStarted() {
        return workersStarted.get();
    }

    /** Queues a job; it runs on a pool thread. */
    public void submit(CompileJob job) {
        if (closed) {
            throw new IllegalStateException("pool closed");
        }
        startThreadsOnce();
        queue.add(new Queued(job, job.weight(), sequence.getAndIncrement()));
    }

    /** Starts the workers now, before the first job, so that Python's start-up overlaps the caller's work. */
    public void warmUp() {
        if (!closed) {
            eager = true;
            startThreadsOnce();
        }
    }

    private synchronized void startThreadsOnce() {
        if (!threads.isEmpty()) {
            return;
        }
        for (int i = 0; i < settings.workers(); i++) {
            Thread t = new Thread(new Serve(), "pycd-worker-" + interpreter.cacheTag() + "-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    private void serve() {
        // Warmed up: work is coming, so start this thread's worker now, not on its first job.
        WorkerProcess worker = null;
        if (eager) {
            try {
                worker = startWorker();
            } catch (NoWorker e) {
                // the job that comes first hears why
            }
        }
        try {
            while (true) {
                Queued next = queue.take();
                if (next == POISON) {
                    return;
                }
                worker = runOne(next.job(), worker);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (worker != null) {
                forget(worker);
                worker.close();
            }
        }
    }

    /** Runs one job on {@code worker} (starting one when needed); returns the worker to use next, or null. */
    private WorkerProcess runOne(CompileJob job, WorkerProcess worker) {
        CompileRequest request = prepare(job);
        if (request == null) {
            return worker;
        }
        if (worker == null || !worker.isAlive()) {
            if (worker != null) {
                forget(worker);
            }
            try {
                worker = startWorker();
            } catch (NoWorker e) {
                job.complete(request, new CompileOutcome.WorkerLost(e.loss, e.getMessage()));
                return null;
            }
        }
        CompileOutcome outcome;
        try {
            outcome = worker.receive(worker.send(request, settings.perFileTimeout().toMillis(), timer));
        } catch (IllegalArgumentException e) {
            outcome = new CompileOutcome.Failed("OSError", e.getMessage(), -1, -1);
        } catch (IOException e) {
            outcome = lose(worker, e);
            worker = null;
        }
        job.complete(request, outcome);
        return worker;
    }

    private static CompileRequest prepare(CompileJob job) {
        try {
            return job.prepare();
        } catch (RuntimeException e) {
            job.abandon("could not be prepared: " + e);
            return null;
        }
    }

    /** Kills a worker that failed mid-request and says why, for the report of the file it had. */
    private CompileOutcome.WorkerLost lose(WorkerProcess worker, IOException e) {
        CompileOutcome.WorkerLost lost;
        if (e instanceof WorkerProcess.TimedOut) {
            lost = new CompileOutcome.WorkerLost(WorkerLoss.TIMED_OUT, e.getMessage());
        } else if (e instanceof WorkerProcess.Damaged) {
            lost = new CompileOutcome.WorkerLost(WorkerLoss.CRASHED, e.getMessage()); // alive, and not to be trusted
        } else {
            lost = new CompileOutcome.WorkerLost(WorkerLoss.CRASHED, worker.deathReason());
        }
        worker.kill();
        forget(worker);
        return lost;
    }

    /** No worker to be had: the pool is closing, or starting one failed (now, or recently: backing off). */
    private static final class NoWorker extends Exception {
        final WorkerLoss loss;

        NoWorker(WorkerLoss loss, String message) {
            super(message, null, false, false);
            this.loss = loss;
        }
    }

    private WorkerProcess startWorker() throws NoWorker {
        if (closed) {
            throw new NoWorker(WorkerLoss.ABANDONED, "pycd is shutting down");
        }
        long began = System.nanoTime();
        Optional<String> refused = backoff.refusal(began);
        if (refused.isPresent()) {
            throw new NoWorker(WorkerLoss.NOT_STARTED, refused.get());
        }
        try {
            WorkerProcess w = WorkerProcess.start(interpreter, script, settings.memoryLimitBytes());
            backoff.started();
            workersStarted.incrementAndGet();
            synchronized (live) {
                live.add(w);
            }
            return w;
        } catch (IOException e) {
            String why = "cannot start a worker for " + interpreter.executable() + ": " + e.getMessage();
            backoff.failed(began, System.nanoTime(), why);
            throw new NoWorker(WorkerLoss.NOT_STARTED, why);
        }
    }

    private void forget(WorkerProcess w) {
        synchronized (live) {
            live.remove(w);
        }
    }

    /** Stops taking jobs, lets running ones finish (up to the time limit), shuts the workers down. */
    @Override
    public void close() {
        closed = true;
        List<Queued> abandoned = new ArrayList<>();
        queue.drainTo(abandoned);
        for (Queued q : abandoned) {
            if (q != POISON) {
                q.job().abandon("pycd stopped before it was compiled");
            }
        }
        List<Thread> toJoin;
        synchronized (this) {
            toJoin = List.copyOf(threads);
        }
        for (int i = 0; i < toJoin.size(); i++) {
            queue.add(POISON);
        }
        for (Thread t : toJoin) {
            try {
                t.join(settings.perFileTimeout().toMillis() + 2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        synchronized (live) {
            for (WorkerProcess w : live) {
                w.kill();
            }
            live.clear();
        }
        timer.shutdownNow();
    }
}
