package io.pycd.watcher.daemon;

import io.pycd.compile.CompileReport;
import io.pycd.compile.CompileResult;
import io.pycd.status.StatusEntry;
import io.pycd.status.StatusReport;
import io.pycd.tree.WalkProblem;
import io.pycd.watcher.Answer;
import io.pycd.watcher.TreeAnswers;
import io.pycd.watcher.Watcher;
import io.pycd.watcher.daemon.protocol.Reply;
import io.pycd.watcher.daemon.protocol.Request;
import io.pycd.watcher.daemon.protocol.TreeSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The daemon's answers to {@code compile} and {@code states}: for each folder asked about, the watch group that
 * knows what a walk with the asker's settings would find there answers ({@link TreeAnswers}); when none does, or one
 * cannot vouch for its answer, the daemon declines and the asker walks.
 */
final class TreeQueries {

    private final long pid;
    private final WatchGroups groups;

    TreeQueries(long pid, WatchGroups groups) {
        this.pid = pid;
        this.groups = groups;
    }

    Reply compile(Request.Compile c) {
        long deadline = System.nanoTime() + c.maxWait().toNanos();
        List<CompileResult.Written> written = new ArrayList<>();
        List<CompileResult.Failed> failed = new ArrayList<>();
        List<WalkProblem> problems = new ArrayList<>();
        int fresh = 0;
        double seconds = 0;
        CompileReport.StoreUse store = null;
        for (Path folder : c.roots()) {
            Answer<Watcher> w = answering(c.settings(), folder);
            Answer<CompileReport> a = w instanceof Answer.Known<Watcher> k
                    ? new TreeAnswers(k.report()).compile(folder, deadline) : new Answer.Unknown<>(why(w));
            if (a instanceof Answer.Unknown<CompileReport> u) {
                return new Reply.Declined(pid, u.why());
            }
            CompileReport r = ((Answer.Known<CompileReport>) a).report();
            written.addAll(r.written());
            failed.addAll(r.failed());
            problems.addAll(r.problems());
            fresh += r.fresh();
            seconds += r.seconds();
            store = store == null || store.problem().isEmpty() ? r.store() : store; // a problem is said once
        }
        written.sort(CompileResult.ORDER);
        failed.sort(CompileResult.ORDER);
        problems.sort(WalkProblem.ORDER);
        return new Reply.Compiled(pid, new CompileReport(c.settings().compile().interpreters(),
                c.settings().compile().optimizeLevels().size(), written, fresh, failed, Optional.empty(), problems, 0,
                seconds, store == null ? new CompileReport.StoreUse(false, Optional.empty()) : store));
    }

    Reply states(Request.States s) {
        long deadline = System.nanoTime() + s.maxWait().toNanos();
        List<StatusEntry> entries = new ArrayList<>();
        List<WalkProblem> problems = new ArrayList<>();
        List<Path> virtualenvs = new ArrayList<>();
        int freshUnlisted = 0;
        for (Path folder : s.roots()) {
            Answer<Watcher> w = answering(s.settings(), folder);
            Answer<StatusReport> a = w instanceof Answer.Known<Watcher> k
                    ? new TreeAnswers(k.report()).status(folder, s.listFresh(), deadline) : new Answer.Unknown<>(why(w));
            if (a instanceof Answer.Unknown<StatusReport> u) {
                return new Reply.Declined(pid, u.why());
            }
            StatusReport r = ((Answer.Known<StatusReport>) a).report();
            entries.addAll(r.entries());
            problems.addAll(r.problems());
            virtualenvs.addAll(r.virtualenvs());
            freshUnlisted += r.freshUnlisted();
        }
        entries.sort(StatusEntry.ORDER);
        problems.sort(WalkProblem.ORDER);
        return new Reply.StatesFound(pid, new StatusReport(s.settings().compile().interpreters(), entries, problems,
                virtualenvs, freshUnlisted));
    }

    /** The watcher that knows what a walk of {@code folder} with {@code settings} would find, or why none does. */
    private Answer<Watcher> answering(TreeSettings settings, Path folder) {
        Optional<Watcher> w = groups.watching(settings, folder);
        if (w.isEmpty()) {
            return new Answer.Unknown<>(folder + " is not watched with these settings");
        }
        String differs = settings.whyAWalkCouldDiffer(!w.get().roots().contains(folder));
        return differs == null ? new Answer.Known<>(w.get()) : new Answer.Unknown<>(differs);
    }

    private static String why(Answer<Watcher> w) {
        return ((Answer.Unknown<Watcher>) w).why();
    }
}
