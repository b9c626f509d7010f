package io.pycd.watcher.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pycd.cache.CacheLayout;
import io.pycd.cache.InvalidationMode;
import io.pycd.settings.CodeFileNames;
import io.pycd.settings.CompileSettings;
import io.pycd.interpreter.Interpreter;
import io.pycd.interpreter.InterpreterException;
import io.pycd.watcher.WatchSettings;
import io.pycd.watcher.daemon.protocol.Codec;
import io.pycd.watcher.daemon.protocol.GroupSettings;
import io.pycd.watcher.daemon.protocol.ProtocolException;
import io.pycd.watcher.daemon.protocol.Reply;
import io.pycd.watcher.daemon.protocol.Request;
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
