package io.pycd.watcher.daemon.protocol;

import static io.pycd.watcher.daemon.protocol.JsonLine.paths;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pycd.interpreter.Interpreter;
import io.pycd.interpreter.InterpreterException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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

    private Codec() {
    }

    // ---------------------------------------------------------------- requests

    public static String encode(Request request) {
        ObjectNode n = JsonLine.object();
        if (request instanceof Request.Ping) {
            n.put("cmd", "ping");
        } else if (request instanceof Request.Status) {
            n.put("cmd", "status");
        } else if (request instanceof Request.Add a) {
            n.put("cmd", "add");
            n.set("settings", SettingsJson.group(a.settings()));
            paths(n.putArray("roots"), a.roots());
            n.put("remember", a.remember());
        } else if (request instanceof Request.Unwatch u) {
            n.put("cmd", "unwatch");
            paths(n.putArray("roots"), u.roots());
        } else if (request instanceof Request.Stop) {
            n.put("cmd", "stop");
        } else if (request instanceof Request.Compile c) {
            n.put("cmd", "compile");
            n.set("settings", SettingsJson.tree(c.settings()));
            paths(n.putArray("roots"), c.roots());
            n.put("wait_ms", c.maxWait().toMillis());
        } else if (request instanceof Request.States t) {
            n.put("cmd", "states");
            n.set("settings", SettingsJson.tree(t.settings()));
            paths(n.putArray("roots"), t.roots());
            n.put("list_fresh", t.listFresh());
            n.put("wait_ms", t.maxWait().toMillis());
        } else {
            throw new AssertionError("a request the codec does not know: " + request);
        }
        return JsonLine.write(n);
    }

    /**
     * @param interpreters resolves the executables of an {@code add}'s settings
     * @throws ProtocolException a line that is no request, or an {@code add} whose settings cannot be used (the
     *                           message says which and why)
     */
    public static Request decodeRequest(String line, InterpreterLookup interpreters) throws ProtocolException {
        JsonNode n = JsonLine.read(line);
        String cmd = n.path("cmd").asText();
        return switch (cmd) {
            case "ping" -> new Request.Ping();
            case "status" -> new Request.Status();
            case "stop" -> new Request.Stop();
            case "unwatch" -> new Request.Unwatch(paths(n, "roots"));
            case "add" -> new Request.Add(SettingsJson.group(n.path("settings"), interpreters), paths(n, "roots"),
                    n.path("remember").asBoolean(true));
            case "compile" -> new Request.Compile(SettingsJson.tree(n.path("settings"), interpreters),
                    paths(n, "roots"), Duration.ofMillis(n.path("wait_ms").asLong()));
            case "states" -> new Request.States(SettingsJson.tree(n.path("settings"), interpreters),
                    paths(n, "roots"), n.path("list_fresh").asBoolean(), Duration.ofMillis(n.path("wait_ms").asLong()));
            default -> throw new ProtocolException("unknown command '" + cmd
                    + "' (known: ping, status, add, unwatch, stop, compile, states)");
        };
    }

    // ---------------------------------------------------------------- replies

    public static String encode(Reply reply) {
        return JsonLine.write(toJson(reply));
    }

    /** A reply as its JSON object (what {@link #encode(Reply)} writes on one line). */
    public static ObjectNode toJson(Reply reply) {
        ObjectNode n = JsonLine.object();
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
        } else if (reply instanceof Reply.Compiled c) {
            ReportJson.compiled(n, c.report());
        } else if (reply instanceof Reply.StatesFound f) {
            ReportJson.states(n, f.report());
        } else if (reply instanceof Reply.Declined d) {
            n.put("declined", d.why());
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
    /**
     * Reads a small document, output discarded: the first read sets up Jackson's parser and, through it, the JDK's
     * BigDecimal (~20 ms before the JIT), which a client can do on another thread while it waits for other work.
     */
    public static void warmUp() {
        try {
            JsonLine.read("{\"ok\":true,\"n\":1}");
        } catch (ProtocolException | RuntimeException e) {
            // the real read says what is wrong
        }
    }

    public static Reply decodeReply(String line, Request request) throws ProtocolException {
        JsonNode n = JsonLine.read(line);
        long pid = n.path("pid").asLong();
        if (!n.path("ok").asBoolean()) {
            return new Reply.Failure(pid, n.path("error").asText("the daemon gave no reason"));
        }
        if (n.has("declined")) {
            return new Reply.Declined(pid, n.path("declined").asText());
        }
        if (request instanceof Request.Ping) {
            return new Reply.Pong(pid);
        } else if (request instanceof Request.Stop) {
            return new Reply.Stopping(pid);
        } else if (request instanceof Request.Add) {
            return new Reply.Added(pid, roots(n.path("roots")), paths(n, "already"), n.path("seconds").asDouble());
        } else if (request instanceof Request.Unwatch) {
            return new Reply.Unwatched(pid, paths(n, "unwatched"), paths(n, "not_watched"));
        } else if (request instanceof Request.Compile c) {
            return new Reply.Compiled(pid, ReportJson.compiled(n, c.settings().compile().interpreters(),
                    c.settings().compile().optimizeLevels().size()));
        } else if (request instanceof Request.States t) {
            return new Reply.StatesFound(pid, ReportJson.states(n, t.settings().compile().interpreters()));
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
        ObjectNode n = JsonLine.object();
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
        return new Stored(JsonLine.write(SettingsJson.group(settings)), roots);
    }

    public static String write(Stored s) {
        ObjectNode n = JsonLine.object();
        n.put("cmd", "add");
        try {
            n.set("settings", JsonLine.read(s.settings()));
        } catch (ProtocolException e) {
            throw new IllegalArgumentException("remembered settings that are not JSON: " + s.settings(), e);
        }
        paths(n.putArray("roots"), s.roots());
        n.put("remember", true);
        return JsonLine.write(n);
    }

    public static Stored readStored(String line) throws ProtocolException {
        JsonNode n = JsonLine.read(line);
        if (!"add".equals(n.path("cmd").asText()) || !n.path("settings").isObject()) {
            throw new ProtocolException("not a remembered add: " + line);
        }
        return new Stored(JsonLine.write((ObjectNode) n.path("settings")), paths(n, "roots"));
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

    private static double number(JsonNode n) {
        return n.isNumber() ? n.asDouble() : Double.NaN;
    }
}
