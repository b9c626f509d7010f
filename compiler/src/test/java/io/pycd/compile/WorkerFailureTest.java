package io.pycd.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pycd.cache.CacheLayout;
import io.pycd.cache.InvalidationMode;
import io.pycd.interpreter.Interpreter;
import io.pycd.settings.CodeFileNames;
import io.pycd.settings.CompileSettings;
import io.pycd.settings.WorkerLimits;
import io.pycd.testing.Processes;
import io.pycd.testing.Py;
import io.pycd.testing.TestFiles;
import io.pycd.tree.SourceFile;
import io.pycd.worker.WorkerLoss;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker killed mid-compile, and one past the time limit, are reported for that file, replaced, and the run goes
 * on. The interpreter is real; a wrapper defines, before worker.py runs, a {@code compile} that stalls on sources
 * holding {@code STALL} (after leaving a flag file named with its pid), so the test knows it is mid-compile.
 */
class WorkerFailureTest {

    @TempDir
    Path tmp;

    private Interpreter stalling(Interpreter real) {
        String prelude = "import builtins as _b, os as _os, time as _t\n"
                + "def compile(source, *args, **kwargs):\n"
                + "    if b'STALL' in source:\n"
                + "        open('" + tmp.resolve("stall") + ".%d' % _os.getpid(), 'w').close()\n"
                + "        while not _os.path.exists('" + tmp.resolve("go") + "'):\n"
                + "            _t.sleep(0.01)\n"
                + "    return _b.compile(source, *args, **kwargs)\n";
        return Py.logging(real, tmp, tmp.resolve("starts.log"), prelude);
    }

    private List<CompletableFuture<CompileResult>> submit(CacheCompiler c, Interpreter python) throws IOException {
        List<CompletableFuture<CompileResult>> out = new ArrayList<>();
        // largest first: the stalling file is taken before the others
        Path stall = TestFiles.write(tmp.resolve("src/stall.py"), "# STALL\n" + "x = 1\n".repeat(100));
        out.add(c.compile(file(stall), python));
        for (int i = 0; i < 3; i++) {
            out.add(c.compile(file(TestFiles.write(tmp.resolve("src/ok" + i + ".py"), "y = " + i + "\n")), python));
        }
        return out;
    }

    private SourceFile file(Path p) throws IOException {
        return new SourceFile(p, tmp.resolve("src"), p.getFileName().toString(), Files.size(p),
                Files.getLastModifiedTime(p).toMillis() / 1000);
    }

    private static CompileSettings oneWorker(Interpreter python, Duration timeout) {
        return new CompileSettings(List.of(python), List.of(0), InvalidationMode.TIMESTAMP, new CacheLayout.Pycache(),
                CodeFileNames.absolute(), false, new WorkerLimits(1, timeout, 0),
                CompileSettings.DEFAULT_MAX_SOURCE_BYTES);
    }

    @Test
    void aWorkerKilledMidCompileIsReportedAndReplaced() throws Exception {
        Interpreter python = stalling(Py.get("3.12"));
        try (CacheCompiler c = new CacheCompiler(oneWorker(python, Duration.ofSeconds(300)))) {
            List<CompletableFuture<CompileResult>> results = submit(c, python);
            Path flag = await().atMost(Duration.ofSeconds(60)).until(this::stallFlag, p -> p != null);
            long pid = Long.parseLong(flag.getFileName().toString().substring("stall.".length()));
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();

            assertThat(results.get(0).get()).isInstanceOfSatisfying(CompileResult.Failed.class, f -> {
                assertThat(f.source().getFileName().toString()).isEqualTo("stall.py");
                assertThat(f.error()).isEqualTo(new CompileError.WorkerLost(WorkerLoss.CRASHED));
                assertThat(f.message()).contains("signal 9");
            });
            for (CompletableFuture<CompileResult> r : results.subList(1, 4)) {
                assertThat(r.get()).isInstanceOf(CompileResult.Written.class);
            }
            assertThat(c.workersStarted()).isEqualTo(2);
        }
    }

    @Test
    void aWorkerPastTheTimeLimitIsKilledReportedAndReplaced() throws Exception {
        Interpreter python = stalling(Py.get("3.12"));
        try (CacheCompiler c = new CacheCompiler(oneWorker(python, Duration.ofMillis(1500)))) {
            List<CompletableFuture<CompileResult>> results = submit(c, python);
            assertThat(results.get(0).get()).isInstanceOfSatisfying(CompileResult.Failed.class, f -> {
                assertThat(f.error()).isEqualTo(new CompileError.WorkerLost(WorkerLoss.TIMED_OUT));
                assertThat(f.message()).contains("took longer than 1.5 s");
            });
            for (CompletableFuture<CompileResult> r : results.subList(1, 4)) {
                assertThat(r.get()).isInstanceOf(CompileResult.Written.class);
            }
            assertThat(c.workersStarted()).isEqualTo(2);
            long pid = Long.parseLong(stallFlag().getFileName().toString().substring("stall.".length()));
            await().atMost(Duration.ofSeconds(30)).until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
        }
    }

    /** Closing mid-run completes every future: queued jobs at once as abandoned, the running one when it ends. */
    @Test
    void closingWhileCompilingLeavesNoCallerWaitingForever() throws Exception {
        Interpreter python = stalling(Py.get("3.12"));
        CacheCompiler c = new CacheCompiler(oneWorker(python, Duration.ofSeconds(300)));
        List<CompletableFuture<CompileResult>> results = submit(c, python);
        await().atMost(Duration.ofSeconds(60)).until(this::stallFlag, p -> p != null);

        CompletableFuture<Void> closing = CompletableFuture.runAsync(c::close);
        for (CompletableFuture<CompileResult> r : results.subList(1, 4)) {
            assertThat(r.get(60, java.util.concurrent.TimeUnit.SECONDS))
                    .isInstanceOfSatisfying(CompileResult.Failed.class, f -> {
                        assertThat(f.error()).isEqualTo(new CompileError.WorkerLost(WorkerLoss.ABANDONED));
                        assertThat(f.message()).contains("pycd stopped before it was compiled");
                    });
        }
        assertThat(closing).isNotDone();
        Files.createFile(tmp.resolve("go"));
        closing.get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(results.get(0).get()).isInstanceOf(CompileResult.Written.class);
        assertThat(c.compile(file(tmp.resolve("src/ok0.py")), python).get(10, java.util.concurrent.TimeUnit.SECONDS))
                .as("a compile asked for after close is refused, not queued forever")
                .isInstanceOfSatisfying(CompileResult.Failed.class,
                        f -> assertThat(f.error()).isEqualTo(new CompileError.WorkerLost(WorkerLoss.ABANDONED)));
    }

    /** The source changes while the worker compiles it: that result is dropped and the new bytes compiled. */
    @Test
    void aSourceChangedDuringItsCompileIsCompiledAgain() throws Exception {
        Interpreter python = stalling(Py.get("3.12"));
        try (CacheCompiler c = new CacheCompiler(oneWorker(python, Duration.ofSeconds(300)))) {
            Path src = TestFiles.write(tmp.resolve("src/m.py"), "# STALL\nX = 1\n");
            CompletableFuture<CompileResult> result = c.compile(file(src), python);
            await().atMost(Duration.ofSeconds(60)).until(this::stallFlag, p -> p != null);
            String now = "X = 'changed while compiling'\n";
            Files.writeString(src, now);
            Files.createFile(tmp.resolve("go"));
            assertThat(result.get()).isInstanceOf(CompileResult.Written.class);
            Path cache = src.resolveSibling("__pycache__/m." + python.cacheTag() + ".pyc");
            byte[] pyc = Files.readAllBytes(cache);
            assertThat(java.nio.ByteBuffer.wrap(pyc, 12, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt())
                    .as("size in the header").isEqualTo(now.length());
            Processes.Run run = Py.run(Py.get("3.12"), List.of("-c", "import marshal, sys\n"
                    + "ns = {}; exec(marshal.loads(open(sys.argv[1], 'rb').read()[16:]), ns); print(ns['X'])",
                    cache.toString()));
            assertThat(run.ok().out().strip()).isEqualTo("changed while compiling");
        }
    }

    /**
     * A worker that cannot start (the interpreter fails, or it turns out to be another version: the hello check) is
     * tried again after a back-off instead of never; jobs that come meanwhile fail at once without a start.
     */
    @Test
    void aWorkerThatCannotStartIsTriedAgainAfterABackOff() throws Exception {
        Interpreter real = Py.get("3.12");
        Interpreter other = Py.get("3.11");
        Path log = tmp.resolve("starts.log");
        Interpreter flaky = Py.flaky(real, tmp, log, List.of("exit 3", "exec '" + other.executable() + "' \"$@\""));
        try (CacheCompiler c = new CacheCompiler(oneWorker(flaky, Duration.ofSeconds(300)))) {
            SourceFile src = file(TestFiles.write(tmp.resolve("src/m.py"), "x = 1\n"));
            CompileResult.Failed failed = (CompileResult.Failed) c.compile(src, flaky).get();
            assertThat(failed.error()).isEqualTo(new CompileError.WorkerLost(WorkerLoss.NOT_STARTED));
            assertThat(failed.message()).startsWith("cannot start a worker for " + flaky.executable());
            CompileResult.Failed meanwhile = (CompileResult.Failed) c.compile(src, flaky).get();
            assertThat(meanwhile.error()).isEqualTo(new CompileError.WorkerLost(WorkerLoss.NOT_STARTED));
            assertThat(meanwhile.message()).contains("trying again in");
            assertThat(TestFiles.lines(log)).as("no start is tried while backing off").hasSize(1);

            List<String> messages = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                CompileResult r = c.compile(src, flaky).get();
                if (r instanceof CompileResult.Failed f) {
                    messages.add(f.message());
                }
                return r instanceof CompileResult.Written;
            });
            assertThat(messages).anySatisfy(m -> assertThat(m).contains("changed since pycd last asked it"));
            assertThat(TestFiles.lines(log)).as("one start per back-off, then the one that works").hasSize(3);
            assertThat(c.workersStarted()).isEqualTo(1);
        }
    }

    private Path stallFlag() throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.filter(p -> p.getFileName().toString().startsWith("stall.")).findFirst().orElse(null);
        }
    }
}
