package io.pycd.cli;

import io.pycd.compile.CompileReport;
import io.pycd.interpreter.InUse;
import io.pycd.settings.Resolved;
import io.pycd.status.StatusReport;
import io.pycd.tree.Glob;
import io.pycd.watcher.Answer;
import io.pycd.watcher.daemon.DaemonPaths;
import io.pycd.watcher.daemon.TreeQuestions;
import io.pycd.watcher.daemon.protocol.TreeSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * compile and status ask the user's daemon before they walk ({@link TreeQuestions}); with {@code -v} they say on
 * standard error which way the report came.
 */
final class DaemonFirst {

    private DaemonFirst() {
    }

    /**
     * Whether the command line {@code args} is a compile or a status that asks a daemon first (without --force);
     * a guess made before picocli parses them, that only decides whether asking is set up early.
     */
    static boolean asks(String[] args) {
        if (args.length == 0 || !("compile".equals(args[0]) || "status".equals(args[0]))) {
            return false;
        }
        for (String a : args) {
            if ("-f".equals(a) || "--force".equals(a)) {
                return false;
            }
        }
        return true;
    }

    /** Call first: a daemon's connection is set up while the command resolves its settings. */
    static void prepare() {
        TreeQuestions.prepare(DaemonPaths.forUser());
    }

    static Optional<CompileReport> compile(Resolved setup, OutputFlags output, Terminal term) {
        return said(questions().compile(tree(setup), setup.roots()), output, term);
    }

    /** @param inUse the versions in use here, as the walk's scanner would judge caches of other tags by them */
    static Optional<StatusReport> status(Resolved setup, Supplier<InUse> inUse, OutputFlags output, Terminal term) {
        // fresh caches are only printed one by one with -v or as JSON; otherwise they are counted
        return said(questions().status(tree(setup), setup.roots(), output.verbose() || output.json(), inUse), output,
                term);
    }

    private static TreeQuestions questions() {
        return new TreeQuestions(DaemonPaths.forUser(), TreeQuestions.bound());
    }

    private static TreeSettings tree(Resolved setup) {
        List<String> excludes = new ArrayList<>();
        for (Glob g : setup.walk().rules().excludes()) {
            excludes.add(g.toString());
        }
        return new TreeSettings(setup.compile(), excludes, setup.walk().maxDepth());
    }

    private static <T> Optional<T> said(Answer<T> answer, OutputFlags output, Terminal term) {
        if (answer instanceof Answer.Known<T> known) {
            if (output.verbose()) {
                term.err().println("pycd: the daemon answered (nothing walked)");
            }
            return Optional.of(known.report());
        }
        if (output.verbose()) {
            term.err().println("pycd: walked (" + ((Answer.Unknown<T>) answer).why() + ")");
        }
        return Optional.empty();
    }
}
