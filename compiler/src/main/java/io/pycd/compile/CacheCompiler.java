package io.pycd.compile;

import io.pycd.cache.CacheWriteException;
import io.pycd.cache.CacheWriter;
import io.pycd.cache.CompiledFrom;
import io.pycd.cache.Freshness;
import io.pycd.cache.HeaderMemo;
import io.pycd.cache.InvalidationMode;
import io.pycd.cache.PycHeader;
import io.pycd.cache.SourceDigest;
import io.pycd.code.CompileWarning;
import io.pycd.fs.IoErrors;
import io.pycd.interpreter.Interpreter;
import io.pycd.settings.CompileMemory;
import io.pycd.settings.CompileSettings;
import io.pycd.state.CompileRecord;
import io.pycd.store.BytecodeStore;
import io.pycd.store.StoreKey;
import io.pycd.store.StoredCode;
import io.pycd.tree.SourceFile;
import io.pycd.worker.CompileJob;
import io.pycd.worker.CompileOutcome;
import io.pycd.worker.CompileRequest;
import io.pycd.worker.WorkerLoss;
import io.pycd.worker.WorkerPool;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Compiles sources into caches for the configured interpreters: looks each source up in the bytecode store, sends
 * the misses to a worker pool per interpreter, and writes the answers atomically, noting in pycd's record what each
 * cache was compiled from. One instance serves a whole run, or a whole daemon's life; its workers start on the first
 * compile and stop on {@link #close()}, which also keeps what the run added to the store and the record.
 */
public final class CacheCompiler implements AutoCloseable {

    private static final int MAX_ATTEMPTS = 5;
    /**
     * A long-lived compiler's record reaches its files at most this often (and on close): one locked write per folder,
     * not per cache. A one-run compiler writes it once, on close: each write of a folder's file is a new file.
     */
    private static final long RECORD_FLUSH_NANOS = 1_000_000_000L;

    private static final String NOT_WRITTEN = "not written: the file system is full, and pycd stopped writing";

    private final CompileSettings settings;
    /** A compiler for one run over a tree ({@link #forOneRun}), not a long-lived one (watch). */
    private final boolean oneRun;
    private final BytecodeStore store;
    /** False for a run that found the store empty: nothing is looked up, the entries compiles add are still kept. */
    private final boolean lookUpStore;
    private final CompileRecord record;
    /** A long-lived compiler's memory of the caches' headers it has read (the daemon checks the same tree often). */
    private final HeaderMemo headers;
    private final AtomicLong recordFlushed = new AtomicLong(System.nanoTime());
    private final Map<Interpreter, WorkerPool> pools = new LinkedHashMap<>();
    private final AtomicReference<WritingStopped> stopped = new AtomicReference<>();
    private boolean closed;

    /** A compiler that keeps trying to write whatever fails: a long-lived one (watch) sees space come back. */
    public CacheCompiler(CompileSettings settings) {
        this(settings, false);
    }

    private CacheCompiler(CompileSettings settings, boolean oneRun) {
        this.settings = settings;
        this.oneRun = oneRun;
        CompileMemory memory = settings.memory();
        this.store = memory.store().isPresent() ? BytecodeStore.open(memory.store().get(), memory.storeMaxBytes())
                : BytecodeStore.off();
        // Each lookup needs the source's digest before the compile (the worker returns it after, for free): a run
        // over an empty store would pay it for nothing. A long-lived compiler (watch) fills the store as it goes.
        this.lookUpStore = store.usable() && !(oneRun && store.holdsNothing());
        this.record = memory.record().isPresent() ? CompileRecord.open(memory.record().get()) : CompileRecord.off();
        this.headers = oneRun ? null : new HeaderMemo();
    }

    /**
     * A compiler for one run over a tree: at the first write that finds the file system full it stops writing, and
     * each job left fails at once as {@link CompileError.Own#NO_SPACE} instead of being compiled and failing the same
     * way ({@link #stopped()} says where).
     */
    public static CacheCompiler forOneRun(CompileSettings settings) {
        return new CacheCompiler(settings, true);
    }

    /** Where this run stopped writing because the file system was full, if it did. */
    public Optional<WritingStopped> stopped() {
        return Optional.ofNullable(stopped.get());
    }

    public CompileSettings settings() {
        return settings;
    }

    /**
     * The freshness rule for this compiler's caches: as requested, held against the record it keeps; a long-lived
     * compiler reads a cache's header again only when the cache's lstat changed ({@link HeaderMemo}).
     */
    public Freshness freshness() {
        Freshness rule = Freshness.asRequested(settings.mode()).recordedIn(record);
        return headers == null ? rule : rule.rememberingHeaders(headers);
    }

    /** True while stale sources are looked up in the store before a worker compiles them. */
    public boolean storeInUse() {
        return lookUpStore && store.usable();
    }

    /** Whether the store was to be used, and why it was turned off if it was: say it once. */
    public CompileReport.StoreUse storeUse() {
        return new CompileReport.StoreUse(settings.memory().store().isPresent(), store.problem());
    }

    /**
     * Compiles {@code source} for {@code interpreter} at every configured level, whatever its caches say: from the
     * store when it holds the code for these bytes, else by a worker.
     */
    public CompletableFuture<CompileResult> compile(SourceFile source, Interpreter interpreter) {
        return compile(source, interpreter, CompileReason.REQUESTED, true);
    }

    /**
     * As {@link #compile(SourceFile, Interpreter)}, with why it is compiled (its result carries it); {@code lookUp}
     * false always asks a worker ({@code --force}).
     */
    public CompletableFuture<CompileResult> compile(SourceFile source, Interpreter interpreter, CompileReason reason,
                                                    boolean lookUp) {
        CompletableFuture<CompileResult> result = new CompletableFuture<>();
        submit(new SourceJob(source, interpreter, reason, result, 1, lookUp));
        return result;
    }

    private void submit(SourceJob job) {
        WorkerPool pool;
        synchronized (this) {
            pool = closed ? null : pool(job.interpreter);
        }
        if (pool == null) {
            job.abandon("pycd stopped before it was compiled");
        } else {
            try {
                pool.submit(job);
            } catch (IllegalStateException e) {
                job.abandon("pycd stopped before it was compiled");
            }
        }
    }

    /** Starts {@code interpreter}'s workers ahead of its first compile (idempotent, cheap after the first call). */
    public void warmUp(Interpreter interpreter) {
        WorkerPool pool;
        synchronized (this) {
            pool = closed ? null : pool(interpreter);
        }
        if (pool != null) {
            pool.warmUp();
        }
    }

    /** Worker processes started so far, restarts included. */
    public synchronized long workersStarted() {
        long started = 0;
        for (WorkerPool pool : pools.values()) {
            started += pool.workersStarted();
        }
        return started;
    }

    private synchronized WorkerPool pool(Interpreter interpreter) {
        WorkerPool pool = pools.get(interpreter);
        if (pool == null) {
            pool = new WorkerPool(interpreter, settings.workers());
            pools.put(interpreter, pool);
        }
        return pool;
    }

    @Override
    public void close() {
        List<WorkerPool> closing;
        synchronized (this) {
            closed = true;
            closing = new ArrayList<>(pools.values());
        }
        // Outside the lock: a worker thread finishing a job may need it to learn that pycd is stopping.
        for (WorkerPool pool : closing) {
            pool.close();
        }
        store.close();
        record.flush();
    }

    private void flushRecordIfDue() {
        if (oneRun) {
            return;
        }
        long last = recordFlushed.get();
        if (System.nanoTime() - last > RECORD_FLUSH_NANOS && recordFlushed.compareAndSet(last, System.nanoTime())) {
            record.flush();
        }
    }

    /**
     * One source for one interpreter, on the worker's thread: stat and read, look up the store (a hit is written at
     * once), else compile, re-stat, keep the code in the store, write.
     */
    private final class SourceJob implements CompileJob {
        private final SourceFile source;
        private final Interpreter interpreter;
        private final CompileReason reason;
        private final CompletableFuture<CompileResult> result;
        private final int attempt;
        private final boolean lookUp;
        private PosixFileAttributes before;
        /** The digest of the bytes read, when a lookup needed it before the compile; else the worker's. */
        private String digest = "";

        SourceJob(SourceFile source, Interpreter interpreter, CompileReason reason,
                  CompletableFuture<CompileResult> result, int attempt, boolean lookUp) {
            this.source = source;
            this.interpreter = interpreter;
            this.reason = reason;
            this.result = result;
            this.attempt = attempt;
            this.lookUp = lookUp;
        }

        @Override
        public long weight() {
            return source.size();
        }

        @Override
        public CompileRequest prepare() {
            if (stopped.get() != null) {
                return fail(CompileError.Own.NO_SPACE, NOT_WRITTEN);
            }
            Path path = source.path();
            try {
                // The header's mtime and size must describe exactly the bytes compiled: stat, then read.
                before = Files.readAttributes(path, PosixFileAttributes.class);
                if (!before.isRegularFile()) {
                    return fail(CompileError.Own.READ_ERROR, "not a regular file");
                }
                if (before.size() > settings.maxSourceBytes()) {
                    return fail(CompileError.Own.TOO_LARGE, String.format("%,d bytes is over the %,d-byte limit (--max-size)",
                            before.size(), settings.maxSourceBytes()));
                }
                byte[] bytes = readAtMost(path, settings.maxSourceBytes());
                if (bytes.length > settings.maxSourceBytes()) {
                    return fail(CompileError.Own.TOO_LARGE, "grew over the size limit while being read");
                }
                CompileRequest request = new CompileRequest(bytes, bytes.length,
                        settings.codeFileNames().dfileFor(source), settings.optimizeMask());
                return fromStore(request) ? null : request;
            } catch (NoSuchFileException e) {
                return fail(CompileError.Own.READ_ERROR, "vanished before it could be read");
            } catch (IOException e) {
                return fail(CompileError.Own.READ_ERROR, IoErrors.describe(e));
            } catch (OutOfMemoryError e) {
                return fail(CompileError.Own.TOO_LARGE, "not enough memory to read it");
            }
        }

        /**
         * Digests the bytes read and writes the caches from the store when it holds their code. True when nothing is
         * left to compile. Without a lookup nothing is digested here: the worker digests what it compiles.
         */
        private boolean fromStore(CompileRequest request) {
            if (!lookUp || !storeInUse()) {
                return false;
            }
            digest = SourceDigest.of(request.source(), request.sourceLength());
            StoredCode hit = store.get(key(digest, request)).orElse(null);
            if (hit == null || hit.code().size() != settings.optimizeLevels().size()) {
                return false;
            }
            if (changedSinceRead(request)) {
                retry();
            } else {
                write(request, hit.code(), hit.warnings(), true);
            }
            return true;
        }

        @Override
        public void abandon(String reason) {
            result.complete(CompileResult.Failed.of(source.path(), interpreter,
                    new CompileError.WorkerLost(WorkerLoss.ABANDONED), reason));
        }

        private CompileRequest fail(CompileError error, String message) {
            result.complete(CompileResult.Failed.of(source.path(), interpreter, error, message));
            return null;
        }

        @Override
        public void complete(CompileRequest request, CompileOutcome outcome) {
            if (outcome instanceof CompileOutcome.Failed f) {
                result.complete(new CompileResult.Failed(source.path(), interpreter, new CompileError.Raised(f.type()),
                        f.message(), f.line(), f.column()));
            } else if (outcome instanceof CompileOutcome.WorkerLost lost) {
                result.complete(CompileResult.Failed.of(source.path(), interpreter,
                        new CompileError.WorkerLost(lost.cause()), lost.reason()));
            } else if (outcome instanceof CompileOutcome.Compiled compiled) {
                String compiledDigest = compiled.sourceDigest().isEmpty()
                        ? SourceDigest.of(request.source(), request.sourceLength()) : compiled.sourceDigest();
                if (!digest.isEmpty() && !digest.equals(compiledDigest)) {
                    // Never seen: the pipe would have had to change the bytes. Nothing is written or kept.
                    result.complete(CompileResult.Failed.of(source.path(), interpreter,
                            new CompileError.WorkerLost(WorkerLoss.CRASHED),
                            "the worker compiled other bytes than pycd read (digest " + compiledDigest + ")"));
                } else if (changedSinceRead(request)) {
                    retry();
                } else {
                    digest = compiledDigest;
                    if (store.usable()) {
                        store.put(key(digest, request), new StoredCode(compiled.code(), compiled.warnings()));
                    }
                    write(request, compiled.code(), compiled.warnings(), false);
                }
            }
        }

        /** The store key of these bytes ({@code sourceDigest}) compiled for this job. */
        private StoreKey key(String sourceDigest, CompileRequest request) {
            return StoreKey.of(sourceDigest, interpreter, settings.optimizeLevels(), request.dfile());
        }

        private boolean changedSinceRead(CompileRequest request) {
            try {
                PosixFileAttributes after = Files.readAttributes(source.path(), PosixFileAttributes.class);
                return !after.lastModifiedTime().equals(before.lastModifiedTime()) || after.size() != before.size()
                        || !Objects.equals(after.fileKey(), before.fileKey())
                        || request.sourceLength() != before.size();
            } catch (IOException e) {
                return true;
            }
        }

        private void retry() {
            if (!Files.exists(source.path())) {
                result.complete(CompileResult.Failed.of(source.path(), interpreter, CompileError.Own.READ_ERROR,
                        "vanished while being compiled"));
            } else if (attempt >= MAX_ATTEMPTS) {
                result.complete(CompileResult.Failed.of(source.path(), interpreter, CompileError.Own.UNSTABLE,
                        "kept changing while being compiled (" + attempt + " tries)"));
            } else {
                submit(new SourceJob(source, interpreter, reason, result, attempt + 1, lookUp));
            }
        }

        /** Writes the caches, from a worker's answer or the store's entry alike, and notes them in the record. */
        private void write(CompileRequest request, List<byte[]> code, List<CompileWarning> warnings, boolean stored) {
            if (stopped.get() != null) {
                result.complete(CompileResult.Failed.of(source.path(), interpreter, CompileError.Own.NO_SPACE,
                        NOT_WRITTEN));
                return;
            }
            InvalidationMode mode = settings.mode();
            PycHeader header = mode.hashBased()
                    ? PycHeader.hashBased(interpreter.magic(), mode,
                            interpreter.sourceHash(request.source(), request.sourceLength()))
                    : PycHeader.timestamp(interpreter.magic(), PycHeader.mtimeOf(before.lastModifiedTime()),
                            before.size());
            byte[] head = header.toBytes();
            Set<PosixFilePermission> fileMode = CacheWriter.modeFor(before.permissions());
            List<Path> written = new ArrayList<>();
            List<Integer> levels = settings.optimizeLevels();
            try {
                for (int i = 0; i < levels.size(); i++) {
                    Path cache = settings.cacheOf(source.path(), interpreter, levels.get(i));
                    if (settings.hardlinkDupes() && i > 0 && Arrays.equals(code.get(i), code.get(i - 1))) {
                        CacheWriter.link(written.get(i - 1), cache);
                    } else {
                        CacheWriter.write(cache, head, code.get(i), fileMode);
                    }
                    written.add(cache);
                }
                if (!mode.hashBased()) { // a hash-based pyc holds its source's hash: no second can hide an edit
                    CompiledFrom from = new CompiledFrom(CompiledFrom.nanos(before.lastModifiedTime()), before.size(),
                            CompiledFrom.key(before.fileKey()), digest);
                    written.forEach(cache -> record.wrote(source.path(), cache, from));
                }
                result.complete(new CompileResult.Written(source.path(), interpreter, List.copyOf(written), warnings,
                        reason, stored));
                flushRecordIfDue();
            } catch (CacheWriteException e) {
                if (oneRun && e.outOfSpace()) {
                    // The temp file is gone already (CacheWriter removes it): nothing partial stays behind.
                    stopped.compareAndSet(null, new WritingStopped(e.cache(), e.getMessage()));
                    result.complete(CompileResult.Failed.of(source.path(), interpreter, CompileError.Own.NO_SPACE,
                            e.cache() + ": " + e.getMessage()));
                } else {
                    result.complete(CompileResult.Failed.of(source.path(), interpreter, CompileError.Own.WRITE_ERROR,
                            e.cache() + ": " + e.getMessage()));
                }
            }
        }
    }

    private static byte[] readAtMost(Path path, long limit) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            return in.readNBytes((int) Math.min(Integer.MAX_VALUE - 16, limit + 1));
        }
    }
}
