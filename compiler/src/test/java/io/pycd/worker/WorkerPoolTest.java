package io.pycd.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.pycd.cache.SourceDigest;
import io.pycd.interpreter.Interpreter;
import io.pycd.settings.WorkerLimits;
import io.pycd.testing.Processes;
import io.pycd.testing.Py;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The pool against real interpreters: the digest each worker returns. */
class WorkerPoolTest {

    /** A job that remembers what happened to it, in one log shared by the jobs of a test. */
    private static final class Job implements CompileJob {
        final String name;
        final byte[] source;
        final List<String> log;
        final CompletableFuture<CompileOutcome> outcome = new CompletableFuture<>();
        CountDownLatch preparedWhen = new CountDownLatch(0);

        Job(String name, byte[] source, List<String> log) {
            this.name = name;
            this.source = source;
            this.log = log;
        }

        @Override
        public long weight() {
            return source.length;
        }

        @Override
        public CompileRequest prepare() {
            try {
                preparedWhen.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            log.add("prepare " + name);
            // Sent with spare room after the source, as pycd reads it: only sourceLength bytes are the source.
            byte[] padded = Arrays.copyOf(source, source.length + 7);
            padded[source.length] = '#';
            return new CompileRequest(padded, source.length, "/src/" + name + ".py", 0b101);
        }

        @Override
        public void complete(CompileRequest request, CompileOutcome result) {
            log.add("complete " + name);
            outcome.complete(result);
        }

        @Override
        public void abandon(String reason) {
            outcome.completeExceptionally(new IllegalStateException(reason));
        }
    }

    private static byte[] large() {
        StringBuilder b = new StringBuilder("# -*- coding: latin-1 -*-\ns = '\u00e9'\n");
        for (int i = 0; b.length() < 200_000; i++) {
            b.append("def f").append(i).append("(x):\n    return x + ").append(i).append('\n');
        }
        return b.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * One worker digests its first sources with the interpreter's builtin SHA-256 ({@code _sha256} up to 3.11,
     * {@code _sha2} from 3.12) and the rest with hashlib's: the same digests either way.
     */
    @ParameterizedTest(name = "python{0}")
    @ValueSource(strings = {"3.6", "3.11", "3.12", "3.13"})
    void theWorkerReturnsTheSha256OfExactlyTheBytesItCompiled(String version) throws Exception {
        Interpreter python = Py.get(version);
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        List<Job> jobs = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            jobs.addAll(List.of(new Job("empty" + round, new byte[0], log),
                    new Job("small" + round, ("x = " + round + "\n").getBytes(StandardCharsets.US_ASCII), log),
                    new Job("bom" + round, "\ufeffy = '\u20ac'\n".getBytes(StandardCharsets.UTF_8), log),
                    new Job("large" + round, large(), log)));
        }
        try (WorkerPool pool = new WorkerPool(python, new WorkerLimits(1, Duration.ofSeconds(120), 0))) {
            jobs.forEach(pool::submit);
            for (Job job : jobs) {
                CompileOutcome outcome = job.outcome.get(2, TimeUnit.MINUTES);
                assertThat(outcome).as(job.name).isInstanceOf(CompileOutcome.Compiled.class);
                CompileOutcome.Compiled compiled = (CompileOutcome.Compiled) outcome;
                assertThat(compiled.sourceDigest()).as(job.name)
                        .isEqualTo(SourceDigest.of(job.source, job.source.length));
                assertThat(compiled.code()).hasSize(2);
            }
        }
    }

    /**
     * The worker runs without {@code site} ({@code python -I -S}): a {@code sitecustomize} that prints and flushes (a
     * virtualenv's site-packages may hold one) would otherwise write into the worker's answers before its greeting,
     * and no source would compile.
     */
    @ParameterizedTest(name = "python{0}")
    @ValueSource(strings = {"3.12"})
    void aSitecustomizeThatPrintsDoesNotReachTheWorker(String version, @TempDir Path tmp) throws Exception {
        Path venv = tmp.resolve("venv");
        Py.run(Py.get(version), List.of("-I", "-m", "venv", "--without-pip", venv.toString())).ok();
        Path python = venv.resolve("bin/python");
        Path site = Path.of(Processes.exec(List.of(python.toString(), "-I", "-c",
                "import sysconfig; print(sysconfig.get_path('purelib'))")).ok().out().strip());
        Files.writeString(site.resolve("sitecustomize.py"), "print('hello from sitecustomize', flush=True)\n");
        assertThat(Processes.exec(List.of(python.toString(), "-I", "-c", "pass")).ok().out())
                .as("the interpreter runs it").contains("hello from sitecustomize");

        Interpreter inVenv = new Interpreter(python, Py.get(version).version(), "cpython", Py.get(version).cacheTag(),
                Py.get(version).magic());
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        Job job = new Job("m", "x = 1\n".getBytes(StandardCharsets.US_ASCII), log);
        try (WorkerPool pool = new WorkerPool(inVenv, new WorkerLimits(1, Duration.ofSeconds(60), 0))) {
            pool.submit(job);
            assertThat(job.outcome.get(1, TimeUnit.MINUTES)).isInstanceOf(CompileOutcome.Compiled.class);
        }
    }

    /**
     * The real worker with faults injected: a source that starts with {@code #damage:KIND} gets an answer that breaks
     * the protocol in that way. Each such job is reported lost with why; the worker is replaced and every other job
     * compiles. Nothing hangs and no pool thread dies.
     */
    @ParameterizedTest(name = "python{0}")
    @ValueSource(strings = {"3.12"})
    void aDamagedAnswerLosesOnlyItsJobAndTheWorkerIsReplaced(String version) throws Exception {
        String fault = String.join("\n",
                "        if source.startswith(b\"#damage:\"):",
                "            kind = source[8:source.index(b\"\\n\")]",
                "            if kind == b\"short-length\":",
                "                stdout.write(struct.pack(\"<IIB\", 3, request_id, 0)); stdout.flush(); continue",
                "            if kind == b\"failed-empty\":",
                "                stdout.write(struct.pack(\"<IIB\", 5, request_id, 1)); stdout.flush(); continue",
                "            if kind == b\"status\":",
                "                stdout.write(struct.pack(\"<IIB\", 5, request_id, 7)); stdout.flush(); continue",
                "            body = compile_all(source, dfile, mask)",
                "            body = body[:-2] + struct.pack(\"<H\", 5) if kind == b\"warnings\" else body + b\"xx\"",
                "            stdout.write(struct.pack(\"<IIB\", 5 + len(body), request_id, 0))",
                "            stdout.write(body); stdout.flush(); continue",
                "");
        String anchor = "        source = payload[7 + dfile_length:]\n";
        String script = WorkerScript.TEXT;
        assertThat(script).contains(anchor);
        script = script.replace(anchor, anchor + fault);
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        List<String> kinds = List.of("good", "short-length", "warnings", "good", "failed-empty", "trailing", "status",
                "good");
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < kinds.size(); i++) {
            String text = kinds.get(i).equals("good") ? "x = " + i + "\n" : "#damage:" + kinds.get(i) + "\ny = " + i + "\n";
            jobs.add(new Job(i + "-" + kinds.get(i), text.getBytes(StandardCharsets.US_ASCII), log));
        }
        try (WorkerPool pool = new WorkerPool(Py.get(version), new WorkerLimits(1, Duration.ofSeconds(60), 0), script)) {
            jobs.forEach(pool::submit);
            for (int i = 0; i < jobs.size(); i++) {
                CompileOutcome outcome = jobs.get(i).outcome.get(1, TimeUnit.MINUTES);
                if (kinds.get(i).equals("good")) {
                    assertThat(outcome).as(jobs.get(i).name).isInstanceOf(CompileOutcome.Compiled.class);
                } else {
                    assertThat(outcome).as(jobs.get(i).name).isEqualTo(
                            new CompileOutcome.WorkerLost(WorkerLoss.CRASHED, "worker sent a damaged answer"));
                }
            }
            assertThat(pool.workersStarted()).as("one worker, then one after each damaged answer")
                    .isEqualTo(1 + kinds.stream().filter(k -> !k.equals("good")).count());
        }
    }
}
