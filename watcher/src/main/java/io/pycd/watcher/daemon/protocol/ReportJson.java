package io.pycd.watcher.daemon.protocol;

import static io.pycd.watcher.daemon.protocol.JsonLine.paths;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pycd.cache.CacheState;
import io.pycd.code.CompileWarning;
import io.pycd.compile.CompileError;
import io.pycd.compile.CompileReason;
import io.pycd.compile.CompileReport;
import io.pycd.compile.CompileResult;
import io.pycd.interpreter.Interpreter;
import io.pycd.status.StatusEntry;
import io.pycd.status.StatusReport;
import io.pycd.tree.WalkProblem;
import io.pycd.worker.WorkerLoss;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The reports a daemon answers {@code compile} and {@code states} with, as the codec writes them: every result and
 * state typed as the engines type it, interpreters by executable (the asker resolved them, and reads them back from
 * its own request).
 */
final class ReportJson {

    private ReportJson() {
    }

    // ---------------------------------------------------------------- compile

    static void compiled(ObjectNode n, CompileReport report) {
        ArrayNode written = n.putArray("written");
        for (CompileResult.Written w : report.written()) {
            ObjectNode o = written.addObject().put("source", w.source().toString())
                    .put("interpreter", w.interpreter().executable().toString()).put("from_store", w.fromStore());
            paths(o.putArray("caches"), w.caches());
            reason(o.putObject("reason"), w.reason());
            ArrayNode warnings = o.putArray("warnings");
            for (CompileWarning cw : w.warnings()) {
                warnings.addObject().put("category", cw.category()).put("message", cw.message()).put("line", cw.line());
            }
        }
        n.put("fresh", report.fresh());
        ArrayNode failed = n.putArray("failed");
        for (CompileResult.Failed f : report.failed()) {
            ObjectNode o = failed.addObject().put("source", f.source().toString())
                    .put("interpreter", f.interpreter().executable().toString()).put("error", f.error().label())
                    .put("message", f.message()).put("line", f.line()).put("column", f.column());
            if (f.error() instanceof CompileError.WorkerLost lost) {
                o.put("loss", lost.cause().name());
            }
        }
        problems(n.putArray("skipped"), report.problems());
        n.putObject("store").put("on", report.store().on()).put("problem", report.store().problem().orElse(null));
        n.put("seconds", report.seconds());
    }

    static CompileReport compiled(JsonNode n, List<Interpreter> interpreters, int levels) throws ProtocolException {
        Map<String, Interpreter> byExecutable = byExecutable(interpreters);
        List<CompileResult.Written> written = new ArrayList<>();
        for (JsonNode w : n.path("written")) {
            List<CompileWarning> warnings = new ArrayList<>();
            for (JsonNode cw : w.path("warnings")) {
                warnings.add(new CompileWarning(cw.path("category").asText(), cw.path("message").asText(),
                        cw.path("line").asInt(-1)));
            }
            written.add(new CompileResult.Written(Path.of(w.path("source").asText()),
                    interpreter(byExecutable, w), paths(w, "caches"), warnings, reason(w.path("reason")),
                    w.path("from_store").asBoolean()));
        }
        List<CompileResult.Failed> failed = new ArrayList<>();
        for (JsonNode f : n.path("failed")) {
            failed.add(new CompileResult.Failed(Path.of(f.path("source").asText()), interpreter(byExecutable, f),
                    error(f), f.path("message").asText(), f.path("line").asInt(-1), f.path("column").asInt(-1)));
        }
        JsonNode store = n.path("store");
        // a daemon's compiler never stops writing when the disk is full (it keeps trying): nothing to carry
        return new CompileReport(interpreters, levels, written, n.path("fresh").asInt(), failed, Optional.empty(),
                problems(n.path("skipped")), 0, n.path("seconds").asDouble(),
                new CompileReport.StoreUse(store.path("on").asBoolean(), JsonLine.text(store, "problem")));
    }

    /** Why a source was compiled: {@code {"kind": "forced" | "requested" | "checked", "before": [states]}}. */
    private static void reason(ObjectNode o, CompileReason reason) {
        if (reason instanceof CompileReason.Checked c) {
            o.put("kind", "checked");
            ArrayNode before = o.putArray("before");
            c.before().forEach(state -> state(before.addObject(), state));
        } else if (reason instanceof CompileReason.Forced) {
            o.put("kind", "forced");
        } else if (reason instanceof CompileReason.Requested) {
            o.put("kind", "requested");
        } else {
            throw new AssertionError("a compile reason the codec does not know: " + reason);
        }
    }

    private static CompileReason reason(JsonNode o) throws ProtocolException {
        String kind = o.path("kind").asText();
        switch (kind) {
            case "checked" -> {
                List<CacheState> before = new ArrayList<>();
                for (JsonNode state : o.path("before")) {
                    before.add(state(state));
                }
                return new CompileReason.Checked(before);
            }
            case "forced" -> {
                return CompileReason.FORCED;
            }
            case "requested" -> {
                return CompileReason.REQUESTED;
            }
            default -> throw new ProtocolException("unknown compile reason " + o.path("kind"));
        }
    }

    /** compile()'s exception type, or one of pycd's own failures, from the label text and JSON print. */
    private static CompileError error(JsonNode f) throws ProtocolException {
        String label = f.path("error").asText();
        if (f.has("loss")) {
            try {
                return new CompileError.WorkerLost(WorkerLoss.valueOf(f.path("loss").asText()));
            } catch (IllegalArgumentException e) {
                throw new ProtocolException("unknown worker loss " + f.path("loss"));
            }
        }
        for (CompileError.Own own : CompileError.Own.values()) {
            if (own.label().equals(label)) {
                return own;
            }
        }
        return new CompileError.Raised(label);
    }

    // ---------------------------------------------------------------- states

    static void states(ObjectNode n, StatusReport report) {
        ArrayNode caches = n.putArray("caches");
        for (StatusEntry e : report.entries()) {
            ObjectNode o = caches.addObject().put("cache", e.cache().toString())
                    .put("source", e.source() == null ? null : e.source().toString())
                    .put("interpreter", e.interpreter() == null ? null : e.interpreter().executable().toString());
            state(o, e.state());
        }
        paths(n.putArray("virtualenvs"), report.virtualenvs());
        n.put("fresh_unlisted", report.freshUnlisted());
        problems(n.putArray("skipped"), report.problems());
    }

    static StatusReport states(JsonNode n, List<Interpreter> interpreters) throws ProtocolException {
        Map<String, Interpreter> byExecutable = byExecutable(interpreters);
        List<StatusEntry> entries = new ArrayList<>();
        for (JsonNode e : n.path("caches")) {
            entries.add(new StatusEntry(Path.of(e.path("cache").asText()),
                    e.path("source").isTextual() ? Path.of(e.path("source").asText()) : null,
                    e.path("interpreter").isTextual() ? interpreter(byExecutable, e) : null, state(e)));
        }
        return new StatusReport(interpreters, entries, problems(n.path("skipped")), paths(n, "virtualenvs"),
                n.path("fresh_unlisted").asInt());
    }

    /** A cache's state: {@code state} (its label), {@code reason} (a stale one's, another tag's), {@code in_use}. */
    private static void state(ObjectNode o, CacheState state) {
        o.put("state", state.label());
        if (state instanceof CacheState.Stale s) {
            o.put("reason", s.reason());
        } else if (state instanceof CacheState.WrongVersion w) {
            o.put("reason", w.tag());
        } else if (state instanceof CacheState.OtherVersion v) {
            o.put("reason", v.tag()).put("in_use", v.inUse());
        }
    }

    private static CacheState state(JsonNode e) throws ProtocolException {
        String label = e.path("state").asText();
        for (CacheState.Kind kind : CacheState.Kind.values()) {
            if (kind.label().equals(label)) {
                return switch (kind) {
                    case FRESH -> CacheState.FRESH;
                    case STALE -> new CacheState.Stale(e.path("reason").asText());
                    case MISSING -> CacheState.MISSING;
                    case ORPHANED -> CacheState.ORPHAN;
                    case WRONG_VERSION -> new CacheState.WrongVersion(e.path("reason").asText());
                    case OTHER_VERSION -> new CacheState.OtherVersion(e.path("reason").asText(),
                            e.path("in_use").asText());
                };
            }
        }
        throw new ProtocolException("unknown cache state " + e.path("state"));
    }

    // ---------------------------------------------------------------- both

    private static void problems(ArrayNode out, List<WalkProblem> problems) {
        for (WalkProblem p : problems) {
            out.addObject().put("path", p.path().toString()).put("reason", p.reason()).put("error", p.error());
        }
    }

    private static List<WalkProblem> problems(JsonNode array) {
        List<WalkProblem> out = new ArrayList<>();
        for (JsonNode p : array) { // loops, not lambdas: a caller reads this at its start (see cli's Specs)
            out.add(new WalkProblem(Path.of(p.path("path").asText()), p.path("reason").asText(),
                    p.path("error").asBoolean()));
        }
        return out;
    }

    private static Map<String, Interpreter> byExecutable(List<Interpreter> interpreters) {
        Map<String, Interpreter> map = new HashMap<>();
        for (Interpreter i : interpreters) {
            map.put(i.executable().toString(), i);
        }
        return map;
    }

    private static Interpreter interpreter(Map<String, Interpreter> byExecutable, JsonNode n)
            throws ProtocolException {
        Interpreter i = byExecutable.get(n.path("interpreter").asText());
        if (i == null) {
            throw new ProtocolException("an interpreter the request did not name: " + n.path("interpreter"));
        }
        return i;
    }
}
