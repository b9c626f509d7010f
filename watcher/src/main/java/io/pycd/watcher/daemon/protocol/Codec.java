package io.pycd.watcher.daemon.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pycd.cache.CacheLayout;
import io.pycd.cache.InvalidationMode;
import io.pycd.settings.CodeFileNames;
import io.pycd.settings.CompileSettings;
import io.pycd.interpreter.Interpreter;
import io.pycd.interpreter.InterpreterException;
import io.pycd.git.GitEnvironment;
import io.pycd.watcher.WatchSettings;
import io.pycd.settings.WorkerLimits;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one wire format of the control socket: each request and each reply is one line of UTF-8 JSON, built field by
 * field so that its shape is exactly the documented one (README, "pycd daemon"). Every reply has {@code "ok"} and
 * {@code "pid"}; a failure has {@code "ok": false} and {@code "error"}. Settings travel as typed values with
 * interpreters as absolute executables: the daemon looks each one up again ({@link InterpreterLookup}), so an
 * interpreter upgraded in place between a request and a restart is not trusted on old facts.
 */
public final class Codec {

    /** Turns an absolute executable into the interpreter it is (the daemon asks it, or its cached facts). */
    @FunctionalInterface
    public interface InterpreterLookup {
        Interpreter resolve(Path executable) throws InterpreterException;
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Codec() {
    }

    // ---------------------------------------------------------------- requests

    public static String encode(Request request) {
        ObjectNode n = MAPPER.createObjectNode();
        if (request instanceof Request.Ping) {
            n.put("cmd", "ping");
        } else if (request instanceof Request.Status) {
            n.put("cmd", "status");
        } else if (request instanceof Request.Add a) {
            n.put("cmd", "add");
            n.set("settings", settings(a.settings()));
            paths(n.putArray("roots"), a.roots());
            n.put("remember", a.remember());
        } else if (request instanceof Request.Unwatch u) {
            n.put("cmd", "unwatch");
            paths(n.putArray("roots"), u.roots());
        } else if (request instanceof Request.Stop) {
            n.put("cmd", "stop");
        } else {
            throw new AssertionError("a request the codec does not know: " + request);
        }
        return line(n);
    }

    /**
     * @param interpreters resolves the executables of an {@code add}'s settings
     * @throws ProtocolException a line that is no request, or an {@code add} whose settings cannot be used (the
     *                           message says which and why)
     */
    public static Request decodeRequest(String line, InterpreterLookup interpreters) throws ProtocolException {
        JsonNode n = tree(line);
        String cmd = n.path("cmd").asText();
        return switch (cmd) {
            case "ping" -> new Request.Ping();
            case "status" -> new Request.Status();
            case "stop" -> new Request.Stop();
            case "unwatch" -> new Request.Unwatch(paths(n, "roots"));
            case "add" -> new Request.Add(settings(n.path("settings"), interpreters), paths(n, "roots"),
                    n.path("remember").asBoolean(true));
            default -> throw new ProtocolException("unknown command '" + cmd
                    + "' (known: ping, status, add, unwatch, stop)");
        };
    }

    // ---------------------------------------------------------------- replies

    public static String encode(Reply reply) {
        return line(toJson(reply));
    }

    /** A reply as its JSON object (what {@link #encode(Reply)} writes on one line). */
    public static ObjectNode toJson(Reply reply) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("ok", !(reply instanceof Reply.Failure));
        n.put("pid", reply.pid());
        if (reply instanceof Reply.Failure f) {
            n.put("error", f.error());
        } else if (reply instanceof Reply.Added a) {
            roots(n.putArray("roots"), a.roots());
            paths(n.putArray("already"), a.already());
            n.put("seconds", Math.round(a.seconds() * 1000) / 1000.0);
        } else if (reply instanceof Reply.Unwatched u) {
            paths(n.putArray("unwatched"), u.unwatched());
            paths(n.putArray("not_watched"), u.notWatched());
        } else if (reply instanceof Reply.Status s) {
            n.setAll(statusDocument(s));
        } else if (!(reply instanceof Reply.Pong || reply instanceof Reply.Stopping)) {
            throw new AssertionError("a reply the codec does not know: " + reply);
        }
        return n;
    }

    /**
     * Reads the reply to {@code request}: its own type, or {@link Reply.Failure}.
     *
     * @throws ProtocolException a line that is no reply to it
     */
    public static Reply decodeReply(String line, Request request) throws ProtocolException {
        JsonNode n = tree(line);
        long pid = n.path("pid").asLong();
        if (!n.path("ok").asBoolean()) {
            return new Reply.Failure(pid, n.path("error").asText("the daemon gave no reason"));
        }
        if (request instanceof Request.Ping) {
            return new Reply.Pong(pid);
        } else if (request instanceof Request.Stop) {
            return new Reply.Stopping(pid);
        } else if (request instanceof Request.Add) {
            return new Reply.Added(pid, roots(n.path("roots")), paths(n, "already"), n.path("seconds").asDouble());
        } else if (request instanceof Request.Unwatch) {
            return new Reply.Unwatched(pid, paths(n, "unwatched"), paths(n, "not_watched"));
        } else if (request instanceof Request.Status) {
            JsonNode lat = n.path("latency_ms");
            List<String> errors = new ArrayList<>();
            n.path("last_errors").forEach(e -> errors.add(e.asText()));
            return new Reply.Status(pid, n.path("uptime_seconds").asDouble(), n.path("remember").asBoolean(),
                    roots(n.path("roots")), paths(n, "remembered"), n.path("compiled").asLong(),
                    n.path("errors").asLong(), n.path("removed").asLong(), n.path("rescans").asLong(),
                    new Reply.Latency(lat.path("samples").asInt(), number(lat.path("p50")),
                            number(lat.path("p95"))), errors);
        }
        throw new AssertionError("a request the codec does not know: " + request);
    }

    /**
     * The status document {@code pycd daemon status --format json} prints (the status reply without {@code ok}):
     * {@code pid, uptime_seconds, remember, roots, remembered, compiled, errors, removed, rescans, latency_ms,
     * last_errors}.
     */
    public static ObjectNode statusDocument(Reply.Status s) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("pid", s.pid());
        n.put("uptime_seconds", Math.round(s.uptimeSeconds() * 100) / 100.0);
        n.put("remember", s.remember());
        roots(n.putArray("roots"), s.roots());
        paths(n.putArray("remembered"), s.remembered());
        n.put("compiled", s.compiled()).put("errors", s.errors()).put("removed", s.removed())
                .put("rescans", s.rescans());
        ObjectNode lat = n.putObject("latency_ms");
        lat.put("samples", s.latency().samples());
        if (s.latency().samples() > 0) {
            lat.put("p50", Math.round(s.latency().p50() * 10) / 10.0)
                    .put("p95", Math.round(s.latency().p95() * 10) / 10.0);
        } else {
            lat.putNull("p50").putNull("p95");
        }
        ArrayNode errs = n.putArray("last_errors");
        s.lastErrors().forEach(errs::add);
        return n;
    }

    // ---------------------------------------------------------------- remembered roots

    /**
     * An {@code add} kept as written, its settings not resolved: a line of the daemon's remembered roots. Equal
     * settings have equal text (they are written field by field, in one order), so the text keys a group.
     *
     * @param settings the settings object's JSON text
     */
    public record Stored(String settings, List<Path> roots) {
        public Stored {
            roots = List.copyOf(roots);
        }

        /** The {@code add} request this line stands for (remembered again when it is sent). */
        public Request toRequest(InterpreterLookup interpreters) throws ProtocolException {
            return decodeRequest(write(this), interpreters);
        }
    }

    public static Stored store(GroupSettings settings, List<Path> roots) {
        return new Stored(line(settings(settings)), roots);
    }

    public static String write(Stored s) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("cmd", "add");
        try {
            n.set("settings", tree(s.settings()));
        } catch (ProtocolException e) {
            throw new IllegalArgumentException("remembered settings that are not JSON: " + s.settings(), e);
        }
        paths(n.putArray("roots"), s.roots());
        n.put("remember", true);
        return line(n);
    }

    public static Stored readStored(String line) throws ProtocolException {
        JsonNode n = tree(line);
        if (!"add".equals(n.path("cmd").asText()) || !n.path("settings").isObject()) {
            throw new ProtocolException("not a remembered add: " + line);
        }
        return new Stored(line((ObjectNode) n.path("settings")), paths(n, "roots"));
    }

    // ---------------------------------------------------------------- settings

    /** The settings of an {@code add}, every one resolved (interpreters as absolute executables). */
    static ObjectNode settings(GroupSettings g) {
        CompileSettings c = g.compile();
        ObjectNode n = MAPPER.createObjectNode();
        ArrayNode pythons = n.putArray("pythons");
        c.interpreters().forEach(i -> pythons.add(i.executable().toAbsolutePath().toString()));
        ArrayNode levels = n.putArray("optimize");
        c.optimizeLevels().forEach(levels::add);
        n.put("invalidation_mode", c.mode().cliName());
        if (c.layout() instanceof CacheLayout.Prefix p) {
            n.put("layout", "prefix").put("pycache_prefix", p.prefix().toAbsolutePath().normalize().toString());
        } else {
            n.put("layout", c.layout() instanceof CacheLayout.Legacy ? "legacy" : "pycache").putNull("pycache_prefix");
        }
        n.put("ddir", c.codeFileNames().ddir().orElse(null));
        n.put("strip_dir", c.codeFileNames().stripDir().orElse(null));
        n.put("prepend_dir", c.codeFileNames().prependDir().orElse(null));
        n.put("hardlink_dupes", c.hardlinkDupes());
        n.put("jobs", c.workers().workers());
        n.put("timeout_ms", c.workers().perFileTimeout().toMillis());
        n.put("memory_limit_bytes", c.workers().memoryLimitBytes());
        n.put("max_size", c.maxSourceBytes());
        ArrayNode excludes = n.putArray("exclude");
        g.excludes().forEach(excludes::add);
        n.put("max_depth", g.maxDepth());
        WatchSettings w = g.watch();
        n.put("settle_ms", w.settle().toMillis());
        n.put("respect_gitignore", w.respectGitignore());
        n.put("poll_interval_ms", w.pollInterval().toMillis());
        n.put("max_watches", w.maxWatches());
        n.put("max_dirty", w.maxDirty());
        // The caller's git environment: --respect-gitignore decides as git would in the caller's shell, not in the
        // environment of whichever shell first started the daemon.
        GitEnvironment git = w.git();
        ObjectNode g2 = n.putObject("git");
        g2.put("home", git.home().toString()).put("xdg_config_home", git.xdgConfigHome().toString())
                .put("system_config", git.systemConfig() == null ? null : git.systemConfig().toString())
                .put("global_config", git.globalConfig() == null ? null : git.globalConfig().toString());
        paths(g2.putArray("ceilings"), git.ceilings());
        return n;
    }

    private static GitEnvironment git(JsonNode n) {
        if (!n.isObject()) {
            return GitEnvironment.fromProcess();
        }
        return new GitEnvironment(Path.of(n.path("home").asText("/")), Path.of(n.path("xdg_config_home").asText("/")),
                text(n, "system_config").map(Path::of).orElse(null), text(n, "global_config").map(Path::of).orElse(null),
                paths(n, "ceilings"));
    }

    static GroupSettings settings(JsonNode n, InterpreterLookup lookup) throws ProtocolException {
        if (!n.isObject()) {
            throw new ProtocolException("an add request needs its settings");
        }
        List<Interpreter> interpreters = new ArrayList<>();
        for (Path exe : paths(n, "pythons")) {
            try {
                interpreters.add(lookup.resolve(exe));
            } catch (InterpreterException e) {
                throw new ProtocolException(e.getMessage());
            }
        }
        List<Integer> levels = new ArrayList<>();
        n.path("optimize").forEach(l -> levels.add(l.asInt()));
        List<String> excludes = new ArrayList<>();
        n.path("exclude").forEach(e -> excludes.add(e.asText()));
        try {
            CacheLayout layout = switch (n.path("layout").asText("pycache")) {
                case "prefix" -> new CacheLayout.Prefix(Path.of(n.path("pycache_prefix").asText()));
                case "legacy" -> new CacheLayout.Legacy();
                case "pycache" -> new CacheLayout.Pycache();
                default -> throw new ProtocolException("unknown layout " + n.path("layout"));
            };
            CompileSettings compile = new CompileSettings(interpreters, levels,
                    InvalidationMode.parse(n.path("invalidation_mode").asText("timestamp")), layout,
                    new CodeFileNames(text(n, "ddir"), text(n, "strip_dir"), text(n, "prepend_dir")),
                    n.path("hardlink_dupes").asBoolean(),
                    new WorkerLimits(n.path("jobs").asInt(1), Duration.ofMillis(n.path("timeout_ms").asLong()),
                            n.path("memory_limit_bytes").asLong()),
                    n.path("max_size").asLong(CompileSettings.DEFAULT_MAX_SOURCE_BYTES));
            WatchSettings watch = new WatchSettings(Duration.ofMillis(n.path("settle_ms").asLong()),
                    n.path("respect_gitignore").asBoolean(), Duration.ofMillis(n.path("poll_interval_ms").asLong()),
                    n.path("max_watches").asInt(-1), n.path("max_dirty").asInt(), git(n.path("git")));
            return new GroupSettings(compile, excludes, n.path("max_depth").asInt(-1), watch);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(e.getMessage());
        }
    }

    // ---------------------------------------------------------------- small parts

    private static void roots(ArrayNode out, List<Reply.Root> roots) {
        for (Reply.Root r : roots) {
            out.addObject().put("path", r.path().toString()).put("files", r.files()).put("folders", r.folders())
                    .put("polled_folders", r.polledFolders()).put("ready", r.ready());
        }
    }

    private static List<Reply.Root> roots(JsonNode array) {
        List<Reply.Root> out = new ArrayList<>();
        for (JsonNode r : array) {
            out.add(new Reply.Root(Path.of(r.path("path").asText()), r.path("files").asInt(),
                    r.path("folders").asInt(), r.path("polled_folders").asInt(), r.path("ready").asBoolean(true)));
        }
        return out;
    }

    private static void paths(ArrayNode out, List<Path> paths) {
        paths.forEach(p -> out.add(p.toString()));
    }

    private static List<Path> paths(JsonNode n, String field) {
        List<Path> out = new ArrayList<>();
        n.path(field).forEach(p -> out.add(Path.of(p.asText())));
        return out;
    }

    private static Optional<String> text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isTextual() ? Optional.of(v.asText()) : Optional.empty();
    }

    private static double number(JsonNode n) {
        return n.isNumber() ? n.asDouble() : Double.NaN;
    }

    private static JsonNode tree(String line) throws ProtocolException {
        try {
            JsonNode n = MAPPER.readTree(line);
            if (n == null || !n.isObject()) {
                throw new ProtocolException("not a JSON object: " + line);
            }
            return n;
        } catch (JsonProcessingException e) {
            throw new ProtocolException("not JSON: " + e.getOriginalMessage());
        }
    }

    private static String line(ObjectNode n) {
        try {
            return MAPPER.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
