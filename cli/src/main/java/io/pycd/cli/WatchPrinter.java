package io.pycd.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pycd.watcher.events.WatchEvent;
import io.pycd.watcher.events.WatchListener;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Prints a watcher's events: JSON Lines ({@code --format json}) or human log lines. Compiles of the start-up
 * reconcile are counted in {@code ready}, not printed one by one (text: unless {@code -v}); errors, removals and
 * warnings are always printed (with {@code -q}: errors and warnings only).
 */
final class WatchPrinter implements WatchListener {

    /** Why a folder is removed: it held only caches, which are gone (what git would have done without them). */
    static final String FOLDER_REASON = "held only caches";

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

    private final Terminal term;
    private final OutputOptions output;
    private final ProgressBar bar;
    private volatile boolean ready;

    WatchPrinter(Terminal term, OutputOptions output) {
        this.term = term;
        this.output = output;
        this.bar = new ProgressBar(term, "compiled", 0, !output.json() && !output.quiet());
    }

    @Override
    public void planned(int jobs) {
        bar.total(jobs);
    }

    @Override
    public void step() {
        bar.step();
    }

    @Override
    public synchronized void on(WatchEvent event) {
        if (event instanceof WatchEvent.Ready) {
            bar.close();
            ready = true;
        } else if (event instanceof WatchEvent.Compiled && !ready && !(output.verbose() && !output.json())) {
            return;
        }
        if (output.json()) {
            Json.printLine(term.out(), toJson(event));
            return;
        }
        String line = text(event);
        if (line != null) {
            boolean important = !(event instanceof WatchEvent.Ready || event instanceof WatchEvent.Compiled
                    || event instanceof WatchEvent.Removed || event instanceof WatchEvent.FolderRemoved
                    || event instanceof WatchEvent.Rescan);
            if (!output.quiet() || important) {
                (important ? term.err() : term.out()).println(line);
                (important ? term.err() : term.out()).flush();
            }
        }
    }

    private String text(WatchEvent event) {
        String clock = term.dim(LocalTime.now().format(CLOCK)) + " ";
        if (event instanceof WatchEvent.Ready r) {
            return clock + "watching " + String.join(", ", r.roots().stream().map(Object::toString).toList())
                    + " · " + Terminal.plural(r.files(), "file") + " in " + Terminal.plural(r.folders(), "folder")
                    + " · ready in " + Terminal.seconds(r.seconds()) + term.dim("  (Ctrl-C stops)");
        }
        if (event instanceof WatchEvent.Compiled c) {
            return clock + term.green("compiled") + " " + c.source()
                    + (output.verbose() ? " -> " + c.cache() : "") + term.dim(String.format(Locale.ROOT,
                    " [%s] %.0f ms", c.interpreter().cacheTag(), c.ms()));
        }
        if (event instanceof WatchEvent.Removed r) {
            return clock + term.yellow("removed") + " " + r.cache() + term.dim(" (" + r.reason() + ")");
        }
        if (event instanceof WatchEvent.FolderRemoved f) {
            return clock + term.yellow("removed") + " " + f.folder() + term.dim(" (" + FOLDER_REASON + ")");
        }
        if (event instanceof WatchEvent.Error e) {
            return clock + term.red("error") + " " + e.failure().describe()
                    + term.dim(" [" + e.failure().interpreter().cacheTag() + "]");
        }
        if (event instanceof WatchEvent.Rescan r) {
            return clock + "rescan " + r.path() + term.dim(" (" + r.why() + ")");
        }
        if (event instanceof WatchEvent.Warning w) {
            return clock + term.yellow("warning") + " " + w.message();
        }
        if (event instanceof WatchEvent.Unwatchable u) {
            return clock + term.yellow("warning") + " " + u.message();
        }
        if (event instanceof WatchEvent.Unreadable u) {
            return clock + term.yellow("warning") + " " + u.message();
        }
        if (event instanceof WatchEvent.NotRemoved n) {
            return clock + term.red("error") + " " + n.path() + ": " + n.why();
        }
        if (event instanceof WatchEvent.InternalError i) {
            return clock + term.red("error") + " internal error " + i.message();
        }
        throw new AssertionError("an event this printer does not know: " + event);
    }

    static ObjectNode toJson(WatchEvent event) {
        ObjectNode n = Json.object();
        if (event instanceof WatchEvent.Ready r) {
            n.put("event", "ready");
            ArrayNode roots = n.putArray("roots");
            r.roots().forEach(p -> roots.add(p.toString()));
            n.put("files", r.files());
            n.put("folders", r.folders());
            n.put("seconds", Math.round(r.seconds() * 1000) / 1000.0);
        } else if (event instanceof WatchEvent.Compiled c) {
            n.put("event", "compiled");
            n.put("source", c.source().toString());
            n.put("cache", c.cache().toString());
            n.put("interpreter", c.interpreter().executable().toString());
            n.put("ms", Math.round(c.ms() * 10) / 10.0);
        } else if (event instanceof WatchEvent.Removed r) {
            n.put("event", "removed");
            n.put("cache", r.cache().toString());
            n.put("reason", r.reason());
        } else if (event instanceof WatchEvent.FolderRemoved f) {
            n.put("event", "removed");
            n.put("folder", f.folder().toString());
            n.put("reason", FOLDER_REASON);
        } else if (event instanceof WatchEvent.Error e) {
            n.put("event", "error");
            Json.failure(n, e.failure());
        } else if (event instanceof WatchEvent.Rescan r) {
            n.put("event", "rescan");
            n.put("path", r.path().toString());
            n.put("why", r.why());
        } else if (event instanceof WatchEvent.Warning w) {
            n.put("event", "warning");
            n.put("message", w.message());
        } else if (event instanceof WatchEvent.Unwatchable u) {
            n.put("event", "warning");
            n.put("message", u.message());
            n.put("path", u.folder().toString());
        } else if (event instanceof WatchEvent.Unreadable u) {
            n.put("event", "warning");
            n.put("message", u.message());
            n.put("path", u.path().toString());
        } else if (event instanceof WatchEvent.NotRemoved r) {
            n.put("event", "error");
            n.put("path", r.path().toString());
            n.put("error", "RemoveError");
            n.put("message", r.why());
        } else if (event instanceof WatchEvent.InternalError i) {
            n.put("event", "error");
            n.put("error", "InternalError");
            n.put("message", i.message());
        } else {
            throw new AssertionError("an event this printer does not know: " + event);
        }
        return n;
    }
}
