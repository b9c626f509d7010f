package io.pycd.watcher.daemon;

import io.pycd.cache.CacheLayout;
import io.pycd.compile.CompileReport;
import io.pycd.compile.CompileResult;
import io.pycd.interpreter.InUse;
import io.pycd.status.StatusEntry;
import io.pycd.status.StatusReport;
import io.pycd.status.StatusScanner;
import io.pycd.tree.WalkProblem;
import io.pycd.watcher.Answer;
import io.pycd.watcher.daemon.protocol.Codec;
import io.pycd.watcher.daemon.protocol.Reply;
import io.pycd.watcher.daemon.protocol.Request;
import io.pycd.watcher.daemon.protocol.TreeSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code pycd compile} and {@code pycd status} ask the user's daemon before they walk: when it watches every PATH with
 * the same compile settings and walk rules, it answers as the walk would have (once it has acted on every change made
 * before the question), and the command prints that. Paths come back as the walk would have written them: below each
 * PATH as the user wrote it. No daemon running costs one look for its socket; a daemon that does not answer within the
 * bound costs that bound, then the command walks.
 */
public final class TreeQuestions {

    /** How long a command waits for a daemon's answer before it walks. */
    public static final Duration BOUND = Duration.ofSeconds(1);

    /**
     * {@link #BOUND}, unless the system property {@code pycd.daemon.bound} (milliseconds) says otherwise (tests that
     * make a daemon wait on purpose).
     */
    public static Duration bound() {
        String ms = System.getProperty("pycd.daemon.bound");
        return ms == null ? BOUND : Duration.ofMillis(Long.parseLong(ms));
    }

    /** Set by the first {@link #prepare}: a process sets up asking once. */
    private static boolean prepared;

    private final DaemonPaths paths;
    private final Duration bound;

    public TreeQuestions(DaemonPaths paths, Duration bound) {
        this.paths = paths;
        this.bound = bound;
    }

    /**
     * When a daemon's socket is there, sets up on another thread what asking it needs the first time (the JDK's
     * Unix-domain sockets and the reply's JSON parser, ~40 ms before the JIT), so that it overlaps with the caller's
     * own start-up (building its command line, resolving its settings) on a machine with more than one core. Once a
     * socket is there, only the first call in a process does anything.
     *
     * @return whether this call started the set-up
     */
    public static synchronized boolean prepare(DaemonPaths paths) {
        // a plain field, not an AtomicBoolean: its VarHandle spins a class at run time, at every start
        if (!prepared && Files.exists(paths.socket())) {
            prepared = true;
            Thread warmUp = new Thread(new Runnable() { // not a lambda: asking is a start's way (see ControlSocket)
                @Override
                public void run() {
                    ControlSocket.warmUp();
                    Codec.warmUp();
                }
            }, "pycd-daemon-warm-up");
            warmUp.setDaemon(true);
            warmUp.start();
            return true;
        }
        return false;
    }

    /** What {@code pycd compile} with {@code settings} would report for the folders {@code given}, or why not. */
    public Answer<CompileReport> compile(TreeSettings settings, List<Path> given) {
        long start = System.nanoTime();
        Optional<String> why = notAskable(given);
        if (why.isPresent()) {
            return new Answer.Unknown<>(why.get());
        }
        List<Path> roots = absolute(given);
        Answer<Reply> reply = ask(new Request.Compile(settings, roots, daemonsShare()));
        if (reply instanceof Answer.Known<Reply> k && k.report() instanceof Reply.Compiled c) {
            CompileReport r = c.report();
            boolean prefixed = settings.compile().layout() instanceof CacheLayout.Prefix;
            List<CompileResult.Written> written = new ArrayList<>();
            for (CompileResult.Written w : r.written()) {
                List<Path> caches = new ArrayList<>();
                for (Path p : w.caches()) {
                    caches.add(prefixed ? p : asGiven(p, given, roots));
                }
                written.add(new CompileResult.Written(asGiven(w.source(), given, roots), w.interpreter(),
                        List.copyOf(caches), w.warnings(), w.reason(), w.fromStore()));
            }
            List<CompileResult.Failed> failed = new ArrayList<>();
            for (CompileResult.Failed f : r.failed()) {
                failed.add(new CompileResult.Failed(asGiven(f.source(), given, roots), f.interpreter(), f.error(),
                        f.message(), f.line(), f.column()));
            }
            written.sort(CompileResult.ORDER);
            failed.sort(CompileResult.ORDER);
            return new Answer.Known<>(new CompileReport(r.interpreters(), r.levels(), List.copyOf(written), r.fresh(),
                    List.copyOf(failed), r.stopped(), problems(r.problems(), given, roots), 0,
                    (System.nanoTime() - start) / 1e9, r.store()));
        }
        return new Answer.Unknown<>(why(reply));
    }

    /**
     * What {@code pycd status} with {@code settings} would report for the folders {@code given}, or why not.
     *
     * @param listFresh list each fresh cache (for output that prints them), else only count them
     * @param inUse     the versions in use where the question is asked, which caches of other tags are judged
     *                  against ({@link StatusScanner#judgeOtherTags}), as the walk's scanner would
     */
    public Answer<StatusReport> status(TreeSettings settings, List<Path> given, boolean listFresh,
                                       Supplier<InUse> inUse) {
        Optional<String> why = notAskable(given);
        if (why.isPresent()) {
            return new Answer.Unknown<>(why.get());
        }
        List<Path> roots = absolute(given);
        Answer<Reply> reply = ask(new Request.States(settings, roots, listFresh, daemonsShare()));
        if (reply instanceof Answer.Known<Reply> k && k.report() instanceof Reply.StatesFound f) {
            StatusReport r = f.report();
            boolean prefixed = settings.compile().layout() instanceof CacheLayout.Prefix;
            List<StatusEntry> entries = new ArrayList<>();
            for (StatusEntry e : r.entries()) {
                entries.add(new StatusEntry(prefixed ? e.cache() : asGiven(e.cache(), given, roots),
                        e.source() == null ? null : asGiven(e.source(), given, roots), e.interpreter(), e.state()));
            }
            entries.sort(StatusEntry.ORDER);
            List<Path> virtualenvs = new ArrayList<>();
            for (Path v : r.virtualenvs()) {
                virtualenvs.add(asGiven(v, given, roots));
            }
            virtualenvs = List.copyOf(virtualenvs);
            return new Answer.Known<>(StatusScanner.judgeOtherTags(new StatusReport(r.interpreters(),
                    List.copyOf(entries), problems(r.problems(), given, roots), virtualenvs, r.freshUnlisted()),
                    inUse));
        }
        return new Answer.Unknown<>(why(reply));
    }

    /** Why a daemon could not answer for {@code given} whatever it watches; empty when it is worth asking. */
    private Optional<String> notAskable(List<Path> given) {
        if (!Files.exists(paths.socket())) {
            return Optional.of("no daemon runs");
        }
        List<Path> roots = absolute(given);
        for (int i = 0; i < roots.size(); i++) {
            if (!Files.isDirectory(roots.get(i))) {
                return Optional.of(given.get(i) + " is not a folder");
            }
            for (int j = 0; j < i; j++) {
                if (roots.get(i).startsWith(roots.get(j)) || roots.get(j).startsWith(roots.get(i))) {
                    return Optional.of(given.get(j) + " and " + given.get(i) + " overlap");
                }
            }
        }
        return Optional.empty();
    }

    private Answer<Reply> ask(Request request) {
        try {
            Optional<Reply> reply = new DaemonClient(paths).send(request, bound);
            if (reply.isEmpty()) {
                return new Answer.Unknown<>("no daemon answers");
            }
            return new Answer.Known<>(reply.get());
        } catch (IOException e) {
            return new Answer.Unknown<>("asking the daemon failed: " + e.getMessage());
        }
    }

    /** The daemon's part of the bound: its refusal must arrive before the asker stops waiting for it. */
    private Duration daemonsShare() {
        // Duration.multipliedBy and dividedBy compute in BigDecimal: its class set-up cost a command ~15 ms
        return Duration.ofNanos(bound.toNanos() / 4 * 3);
    }

    private static String why(Answer<Reply> reply) {
        if (reply instanceof Answer.Unknown<Reply> u) {
            return u.why();
        }
        Reply r = ((Answer.Known<Reply>) reply).report();
        if (r instanceof Reply.Declined d) {
            return "the daemon cannot answer: " + d.why();
        }
        return r instanceof Reply.Failure f ? "the daemon refused: " + f.error() : "the daemon answered " + r;
    }

    private static List<Path> absolute(List<Path> given) {
        List<Path> roots = new ArrayList<>(given.size());
        for (Path p : given) {
            roots.add(p.toAbsolutePath().normalize());
        }
        return List.copyOf(roots);
    }

    /**
     * {@code path} (absolute) as a walk of the PATHs as written would have reached it. (Caches under a
     * {@code --pycache-prefix} are absolute in a walk's report too: they are not asked about here.)
     */
    private static Path asGiven(Path path, List<Path> given, List<Path> roots) {
        for (int i = 0; i < roots.size(); i++) {
            if (path.startsWith(roots.get(i))) {
                return given.get(i).resolve(roots.get(i).relativize(path));
            }
        }
        return path;
    }

    private static List<WalkProblem> problems(List<WalkProblem> problems, List<Path> given, List<Path> roots) {
        List<WalkProblem> out = new ArrayList<>();
        for (WalkProblem p : problems) {
            out.add(new WalkProblem(asGiven(p.path(), given, roots), p.reason(), p.error()));
        }
        out.sort(WalkProblem.ORDER);
        return List.copyOf(out);
    }
}
