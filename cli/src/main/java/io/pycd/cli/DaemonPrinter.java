package io.pycd.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pycd.watcher.daemon.protocol.Codec;
import io.pycd.watcher.daemon.protocol.Reply;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** What {@code pycd daemon}'s subcommands print: text, or one JSON document (shapes in README.md). */
final class DaemonPrinter {

    private final Terminal term;
    private final OutputOptions output;

    DaemonPrinter(Terminal term, OutputOptions output) {
        this.term = term;
        this.output = output;
    }

    /** {@code start PATH}: the add reply, with whether this call started the daemon. */
    void added(Reply.Added added, boolean started, Path log) {
        if (output.json()) {
            ObjectNode n = Codec.toJson(added);
            n.put("started", started);
            Json.print(term.out(), n);
        } else if (!output.quiet()) {
            startedLine(started, added.pid(), log);
            for (Reply.Root r : added.roots()) {
                term.out().println(watching(r));
            }
            for (Path r : added.already()) {
                term.out().println("already watched: " + r);
            }
        }
    }

    /** {@code start} without PATH: the remembered roots, each watched or being watched again. */
    void rewatching(Reply.Status s, boolean started, Path log) {
        if (output.json()) {
            ObjectNode status = Codec.statusDocument(s);
            ObjectNode n = Json.object().put("ok", true).put("pid", s.pid()).put("started", started);
            n.set("remembered", status.get("remembered"));
            n.set("roots", status.get("roots"));
            Json.print(term.out(), n);
        } else if (!output.quiet()) {
            startedLine(started, s.pid(), log);
            for (Path root : s.remembered()) {
                Optional<Reply.Root> r = s.roots().stream().filter(x -> x.path().equals(root) && x.ready())
                        .findFirst();
                term.out().println(r.isPresent() ? watching(r.get())
                        : "rewatching " + root + " (remembered; see pycd daemon status)");
            }
        }
    }

    void status(Reply.Status s) {
        if (output.json()) {
            ObjectNode n = Json.object().put("running", true);
            n.setAll(Codec.statusDocument(s));
            Json.print(term.out(), n);
            return;
        }
        term.out().println("pycd daemon: running, pid " + s.pid() + ", up " + Terminal.seconds(s.uptimeSeconds()));
        for (Reply.Root r : s.roots()) {
            term.out().println("  " + r.path() + " · " + Terminal.plural(r.files(), "file") + " · "
                    + Terminal.plural(r.folders(), "folder") + " watched"
                    + (r.polledFolders() > 0 ? " · " + Terminal.count(r.polledFolders()) + " polled" : "")
                    + (r.ready() ? "" : " · reconciling"));
        }
        s.remembered().stream().filter(p -> s.roots().stream().noneMatch(r -> r.path().equals(p)))
                .forEach(p -> term.out().println("  " + p + " · remembered, not watched"));
        term.out().println("compiled " + Terminal.count(s.compiled()) + " · removed " + Terminal.count(s.removed())
                + " · errors " + Terminal.count(s.errors()) + " · rescans " + Terminal.count(s.rescans()));
        Reply.Latency lat = s.latency();
        term.out().println(lat.samples() == 0 ? "latency: no edits yet"
                : String.format(Locale.ROOT, "latency (change to cache, last %d compiles): p50 %.1f ms, p95 %.1f ms",
                lat.samples(), lat.p50(), lat.p95()));
        if (!s.lastErrors().isEmpty()) {
            term.out().println("last errors:");
            s.lastErrors().forEach(e -> term.out().println("  " + e));
        }
    }

    /** {@code status} with no daemon running: {@code {"running": false, "pid": null, "remembered": [...]}}. */
    void notRunning(List<Path> remembered) {
        if (output.json()) {
            ObjectNode n = Json.object().put("running", false).putNull("pid");
            paths(n.putArray("remembered"), remembered);
            Json.print(term.out(), n);
        } else {
            term.out().println("pycd daemon: not running");
            remembered.forEach(p -> term.out().println("  remembered: " + p));
        }
    }

    /** {@code stop}: {@code {"stopped", "pid"}}. */
    void stopped(Optional<Long> pid) {
        if (output.json()) {
            ObjectNode n = Json.object().put("stopped", pid.isPresent());
            if (pid.isPresent()) {
                n.put("pid", pid.get());
            } else {
                n.putNull("pid");
            }
            Json.print(term.out(), n);
        } else if (!output.quiet()) {
            term.out().println(pid.isPresent() ? "pycd daemon: stopped (pid " + pid.get() + ")"
                    : "pycd daemon: not running");
        }
    }

    /** {@code unwatch}: {@code {"running", "unwatched", "not_watched"}}. */
    void unwatched(boolean running, List<Path> unwatched, List<Path> notWatched) {
        if (output.json()) {
            ObjectNode n = Json.object().put("running", running);
            paths(n.putArray("unwatched"), unwatched);
            paths(n.putArray("not_watched"), notWatched);
            Json.print(term.out(), n);
        } else if (!output.quiet()) {
            unwatched.forEach(p -> term.out().println(running ? "unwatched " + p
                    : "forgot " + p + " (the daemon is not running)"));
            notWatched.forEach(p -> term.out().println("not watched: " + p));
        }
    }

    private void startedLine(boolean started, long pid, Path log) {
        if (started) {
            term.out().println("pycd daemon started (pid " + pid + "); log: " + log);
        }
    }

    private static String watching(Reply.Root r) {
        return "watching " + r.path() + " · " + Terminal.plural(r.files(), "file") + " in "
                + Terminal.plural(r.folders(), "folder");
    }

    private static void paths(ArrayNode out, List<Path> paths) {
        paths.forEach(p -> out.add(p.toString()));
    }
}
