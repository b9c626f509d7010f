package io.pycd.watcher.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pycd.cache.CacheLayout;
import io.pycd.cache.CacheState;
import io.pycd.cache.InvalidationMode;
import io.pycd.code.CompileWarning;
import io.pycd.compile.CompileError;
import io.pycd.compile.CompileReason;
import io.pycd.compile.CompileReport;
import io.pycd.compile.CompileResult;
import io.pycd.settings.CodeFileNames;
import io.pycd.settings.CompileMemory;
import io.pycd.settings.CompileSettings;
import io.pycd.interpreter.Interpreter;
import io.pycd.interpreter.InterpreterException;
import io.pycd.status.StatusEntry;
import io.pycd.status.StatusReport;
import io.pycd.tree.WalkProblem;
import io.pycd.watcher.WatchSettings;
import io.pycd.watcher.daemon.protocol.Codec;
import io.pycd.watcher.daemon.protocol.GroupSettings;
import io.pycd.watcher.daemon.protocol.ProtocolException;
import io.pycd.watcher.daemon.protocol.Reply;
import io.pycd.watcher.daemon.protocol.Request;
import io.pycd.watcher.daemon.protocol.TreeSettings;
import io.pycd.worker.WorkerLoss;
import io.pycd.settings.WorkerLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The wire format: every request and reply survives the codec, and the documented shape is what is written. */
class CodecTest {

    static final Interpreter PY312 = new Interpreter(Path.of("/opt/py/bin/python3.12"), "3.12.1", "cpython",
            "cpython-312", 0x0a0d0dcb);
    static final Interpreter PY311 = new Interpreter(Path.of("/opt/py/bin/python3.11"), "3.11.7", "cpython",
            "cpython-311", 0x0a0d0da7);
    static final Codec.InterpreterLookup LOOKUP = exe -> {
        Map<Path, Interpreter> known = Map.of(PY312.executable(), PY312, PY311.executable(), PY311);
        Interpreter i = known.get(exe);
        if (i == null) {
            throw new InterpreterException(exe + ": no such interpreter");
        }
        return i;
    };

    static GroupSettings settings(Path prefix) {
        CompileSettings compile = new CompileSettings(List.of(PY312, PY311), List.of(2, 0),
                InvalidationMode.CHECKED_HASH,
                prefix == null ? new CacheLayout.Pycache() : new CacheLayout.Prefix(prefix),
                new CodeFileNames(Optional.empty(), Optional.of("/src"), Optional.of("/app")), true,
                new WorkerLimits(3, Duration.ofMillis(1500), 0), 1234);
        return new GroupSettings(compile, List.of("build", "src/gen/**"), 4,
                WatchSettings.defaults().withSettle(Duration.ofMillis(50)).withRespectGitignore(true)
                        .withPollInterval(Duration.ofMillis(700)));
    }

    @Test
    void everyRequestSurvivesTheCodec() throws Exception {
        List<Request> requests = List.of(new Request.Ping(), new Request.Status(), new Request.Stop(),
                new Request.Unwatch(List.of(Path.of("/a"), Path.of("/b c"))),
                new Request.Add(settings(null), List.of(Path.of("/src/app")), true),
                new Request.Add(settings(Path.of("/tmp/pyc")), List.of(Path.of("/x"), Path.of("/y")), false));
        for (Request r : requests) {
            assertThat(Codec.decodeRequest(Codec.encode(r), LOOKUP)).isEqualTo(r);
        }
    }

    /** The caller's store and record travel with its settings, and so does --no-store (no store). */
    @Test
    void theCallersStoreAndRecordSurviveTheCodec() throws Exception {
        GroupSettings plain = settings(null);
        for (CompileMemory memory : List.of(CompileMemory.NONE,
                new CompileMemory(Optional.of(Path.of("/home/u/.cache/pycd/store")), 2L << 30,
                        Optional.of(Path.of("/home/u/.cache/pycd/record"))),
                new CompileMemory(Optional.empty(), 1L << 30, Optional.of(Path.of("/r"))))) {
            GroupSettings g = new GroupSettings(plain.compile().withMemory(memory), plain.excludes(), plain.maxDepth(),
                    plain.watch());
            Request add = new Request.Add(g, List.of(Path.of("/src/app")), false);
            assertThat(Codec.decodeRequest(Codec.encode(add), LOOKUP)).isEqualTo(add);
        }
    }

    @Test
    void settingsHaveValueEqualityAndTheirStoredTextKeysAGroup() {
        assertThat(settings(null)).isEqualTo(settings(null)).hasSameHashCodeAs(settings(null));
        assertThat(settings(null)).isNotEqualTo(settings(Path.of("/tmp/pyc")));
        assertThat(Codec.store(settings(null), List.of()).settings())
                .isEqualTo(Codec.store(settings(null), List.of(Path.of("/other"))).settings());
    }

    @Test
    void anAddCarriesResolvedSettingsWithInterpretersAsAbsoluteExecutables() throws Exception {
        JsonNode add = new ObjectMapper().readTree(Codec.encode(
                new Request.Add(settings(Path.of("/tmp/pyc")), List.of(Path.of("/src/app")), true)));
        assertThat(add.path("cmd").asText()).isEqualTo("add");
        JsonNode s = add.path("settings");
        assertThat(s.path("pythons").toString()).isEqualTo("[\"/opt/py/bin/python3.12\",\"/opt/py/bin/python3.11\"]");
        assertThat(s.path("optimize").toString()).isEqualTo("[0,2]");
        assertThat(s.path("invalidation_mode").asText()).isEqualTo("checked-hash");
        assertThat(s.path("layout").asText()).isEqualTo("prefix");
        assertThat(s.path("pycache_prefix").asText()).isEqualTo("/tmp/pyc");
        assertThat(s.path("exclude").toString()).isEqualTo("[\"build\",\"src/gen/**\"]");
        assertThat(s.path("settle_ms").asLong()).isEqualTo(50);
        assertThat(s.has("args")).isFalse();
    }

    @Test
    void anInterpreterTheDaemonCannotUseIsAProtocolErrorNamingIt() {
        String line = Codec.encode(new Request.Add(settings(null), List.of(Path.of("/a")), true))
                .replace("/opt/py/bin/python3.11", "/opt/gone/python3.9");
        assertThatThrownBy(() -> Codec.decodeRequest(line, LOOKUP)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("/opt/gone/python3.9");
        assertThatThrownBy(() -> Codec.decodeRequest("{\"cmd\":\"reboot\"}", LOOKUP))
                .hasMessageContaining("unknown command 'reboot'");
        assertThatThrownBy(() -> Codec.decodeRequest("not json", LOOKUP)).isInstanceOf(ProtocolException.class);
    }

    @Test
    void everyReplySurvivesTheCodec() throws Exception {
        Reply.Root root = new Reply.Root(Path.of("/a"), 12, 3, 1, true);
        Map<Request, Reply> replies = Map.of(
                new Request.Ping(), new Reply.Pong(42),
                new Request.Stop(), new Reply.Stopping(42),
                new Request.Add(settings(null), List.of(Path.of("/a")), true),
                new Reply.Added(42, List.of(root), List.of(Path.of("/b/c")), 0.25),
                new Request.Unwatch(List.of(Path.of("/a"))),
                new Reply.Unwatched(42, List.of(Path.of("/a")), List.of(Path.of("/z"))),
                new Request.Status(), new Reply.Status(42, 12.5, true, List.of(root), List.of(Path.of("/a")), 5, 1,
                        2, 3, new Reply.Latency(5, 21.5, 30.0), List.of("/a/m.py:1:2: SyntaxError: x")));
        for (Map.Entry<Request, Reply> e : replies.entrySet()) {
            assertThat(Codec.decodeReply(Codec.encode(e.getValue()), e.getKey())).isEqualTo(e.getValue());
            assertThat(Codec.decodeReply(Codec.encode(new Reply.Failure(42, "no")), e.getKey()))
                    .isEqualTo(new Reply.Failure(42, "no"));
        }
    }

    static TreeSettings tree() {
        GroupSettings g = settings(Path.of("/tmp/pyc"));
        return new TreeSettings(g.compile(), g.excludes(), g.maxDepth());
    }

    @Test
    void questionsAWalkWouldAnswerAndTheirAnswersSurviveTheCodec() throws Exception {
        Request.Compile compile = new Request.Compile(tree(), List.of(Path.of("/src/app")), Duration.ofMillis(750));
        Request.States states = new Request.States(tree(), List.of(Path.of("/a"), Path.of("/b")), true,
                Duration.ofMillis(750));
        assertThat(Codec.decodeRequest(Codec.encode(compile), LOOKUP)).isEqualTo(compile);
        assertThat(Codec.decodeRequest(Codec.encode(states), LOOKUP)).isEqualTo(states);
        assertThat(new ObjectMapper().readTree(Codec.encode(compile)).path("settings").has("settle_ms")).isFalse();

        Path m = Path.of("/src/app/m.py");
        List<WalkProblem> skipped = List.of(new WalkProblem(Path.of("/src/app/link"), "symlinked folder not followed",
                false));
        Path n = Path.of("/src/app/n.py");
        CompileReport report = new CompileReport(List.of(PY312, PY311), tree().compile().optimizeLevels().size(),
                List.of(new CompileResult.Written(m, PY312, List.of(Path.of("/tmp/pyc/src/app/m.cpython-312.pyc")),
                        List.of(new CompileWarning("SyntaxWarning", "invalid escape sequence '\\d'", 2)),
                        new CompileReason.Checked(List.of(new CacheState.Stale("source modified"))), true),
                        new CompileResult.Written(n, PY312, List.of(Path.of("/tmp/pyc/src/app/n.cpython-312.pyc")),
                                List.of(), CompileReason.REQUESTED, false),
                        new CompileResult.Written(n, PY311, List.of(Path.of("/tmp/pyc/src/app/n.cpython-311.pyc")),
                                List.of(), new CompileReason.Checked(List.of(CacheState.MISSING)), false)),
                7, List.of(new CompileResult.Failed(m, PY311, new CompileError.Raised("SyntaxError"), "bad", 1, 5),
                        CompileResult.Failed.of(m, PY312, new CompileError.WorkerLost(WorkerLoss.TIMED_OUT), "slow"),
                        CompileResult.Failed.of(m, PY312, CompileError.Own.TOO_LARGE, "big")),
                Optional.empty(), skipped, 0, 0.5,
                new CompileReport.StoreUse(true, Optional.of("the store at /s cannot be written")));
        Reply compiled = new Reply.Compiled(42, report);
        assertThat(Codec.decodeReply(Codec.encode(compiled), compile)).isEqualTo(compiled);

        StatusReport status = new StatusReport(List.of(PY312, PY311), List.of(
                new StatusEntry(Path.of("/a/__pycache__/m.cpython-312.pyc"), m, PY312, CacheState.FRESH),
                new StatusEntry(Path.of("/a/__pycache__/m.cpython-311.pyc"), m, PY311, new CacheState.Stale("x")),
                new StatusEntry(Path.of("/a/__pycache__/n.cpython-311.pyc"), m, PY311, CacheState.MISSING),
                new StatusEntry(Path.of("/a/__pycache__/o.cpython-312.pyc"), null, null, CacheState.ORPHAN),
                new StatusEntry(Path.of("/a/__pycache__/m.cpython-39.pyc"), Path.of("/a/m.py"), null,
                        new CacheState.WrongVersion("cpython-39")),
                new StatusEntry(Path.of("/a/__pycache__/m.cpython-313.pyc"), Path.of("/a/m.py"), null,
                        new CacheState.OtherVersion("cpython-313", "PATH: /usr/bin/python3.13"))), skipped,
                List.of(Path.of("/a/.venv")), 3);
        Reply found = new Reply.StatesFound(42, status);
        assertThat(Codec.decodeReply(Codec.encode(found), states)).isEqualTo(found);
        assertThat(Codec.decodeReply(Codec.encode(new Reply.Declined(42, "git is working")), compile))
                .isEqualTo(new Reply.Declined(42, "git is working"));
    }

    @Test
    void aWalkOfAFolderBelowAWatchedRootCanDifferFromWhatTheRootsWatcherKnows() {
        TreeSettings plain = new TreeSettings(tree().compile(), List.of("build"), -1);
        assertThat(plain.whyAWalkCouldDiffer(false)).as("-s and -p").contains("-d, -s and -p");
        GroupSettings g = settings(null);
        CompileSettings absolute = new CompileSettings(g.compile().interpreters(), g.compile().optimizeLevels(),
                g.compile().mode(), g.compile().layout(), CodeFileNames.absolute(), g.compile().hardlinkDupes(),
                g.compile().workers(), g.compile().maxSourceBytes());
        assertThat(new TreeSettings(absolute, List.of("build"), -1).whyAWalkCouldDiffer(true)).isNull();
        assertThat(new TreeSettings(absolute, List.of("src/gen"), -1).whyAWalkCouldDiffer(false)).isNull();
        assertThat(new TreeSettings(absolute, List.of("src/gen"), -1).whyAWalkCouldDiffer(true)).contains("/");
        assertThat(new TreeSettings(absolute, List.of(), 2).whyAWalkCouldDiffer(true)).contains("--max-depth");
        GroupSettings same = new GroupSettings(absolute, List.of("build"), -1, WatchSettings.defaults());
        assertThat(new TreeSettings(absolute, List.of("build"), -1).sameTreeAs(same)).isTrue();
        assertThat(new TreeSettings(absolute, List.of("build"), -1).sameTreeAs(new GroupSettings(absolute,
                List.of("build"), -1, WatchSettings.defaults().withRespectGitignore(true)))).isFalse();
        assertThat(new TreeSettings(absolute, List.of(), -1).sameTreeAs(same)).isFalse();
    }

    @Test
    void theStatusDocumentHasTheDocumentedFields() throws Exception {
        JsonNode n = new ObjectMapper().readTree(Codec.encode(new Reply.Status(42, 1, false, List.of(), List.of(),
                0, 0, 0, 0, new Reply.Latency(0, Double.NaN, Double.NaN), List.of())));
        assertThat(List.copyOf(iterable(n))).containsExactly("ok", "pid", "uptime_seconds", "remember", "roots",
                "remembered", "compiled", "errors", "removed", "rescans", "latency_ms", "last_errors");
        assertThat(n.path("latency_ms").toString()).isEqualTo("{\"samples\":0,\"p50\":null,\"p95\":null}");
    }

    private static List<String> iterable(JsonNode n) {
        List<String> names = new java.util.ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
