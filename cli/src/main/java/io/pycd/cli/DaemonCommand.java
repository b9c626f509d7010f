package io.pycd.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pycd.watcher.WatchSettings;
import io.pycd.watcher.daemon.Daemon;
import io.pycd.watcher.daemon.DaemonClient;
import io.pycd.watcher.daemon.DaemonException;
import io.pycd.watcher.daemon.DaemonPaths;
import io.pycd.watcher.daemon.protocol.Codec;
import io.pycd.watcher.daemon.protocol.GroupSettings;
import io.pycd.watcher.daemon.protocol.Reply;
import io.pycd.watcher.daemon.protocol.Request;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code pycd daemon}: parses, calls the daemon library ({@code io.pycd.watcher.daemon}) and renders its replies.
 * The daemon itself, its protocol and its life cycle live in the watcher module.
 */
@Command(name = "daemon", mixinStandardHelpOptions = true,
        description = {"Run pycd watch in the background, one daemon per user, and control it.",
                "The daemon listens on a Unix domain socket in $XDG_RUNTIME_DIR/pycd (else $TMPDIR/pycd-<uid>), "
                        + "a folder only you can enter; it logs to $XDG_STATE_HOME/pycd/daemon.log "
                        + "(else ~/.local/state/pycd/daemon.log)."},
        subcommands = {DaemonCommand.Start.class, DaemonCommand.Status.class, DaemonCommand.Stop.class,
                DaemonCommand.Run.class},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  done (start: watching; status: running; stop: stopped or was not running)",
                "  1  status: no daemon running; start: the daemon did not come up (see daemon.out)",
                "  2  usage or configuration error"})
final class DaemonCommand implements Runnable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: start, status or stop");
    }

    static DaemonClient client() {
        return new DaemonClient(DaemonPaths.forUser());
    }

    // ---------------------------------------------------------------- start

    @Command(name = "start", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Start the daemon (detached from the terminal) if it is not running, and make it watch "
                    + "PATH. Further starts add roots to the same daemon.",
                    "Takes every option of pycd watch; they apply to the roots of this call."})
    static final class Start implements Callable<Integer> {

        @Parameters(paramLabel = "PATH", arity = "0..*", description = "Folders to watch. Default: the current folder.")
        List<Path> paths = new ArrayList<>();

        @Mixin
        WatchOptions watch;

        @Mixin
        TargetOptions target;

        @Mixin
        OutputOptions output;

        @Override
        public Integer call() throws IOException {
            TargetOptions.Setup setup = target.resolve(paths);
            WatchSettings ws = watch.resolve(setup.config());
            for (Path root : setup.roots()) {
                if (!Files.isDirectory(root)) {
                    throw new UsageFailure(root + ": not a folder (the daemon watches folders)");
                }
            }
            List<String> excludes = new ArrayList<>(setup.config().exclude());
            excludes.addAll(target.exclude);
            GroupSettings settings;
            try {
                settings = new GroupSettings(setup.settings(), excludes, target.maxDepth, ws);
            } catch (IllegalArgumentException e) {
                throw new UsageFailure(e.getMessage());
            }
            List<Path> roots = setup.roots().stream().map(r -> r.toAbsolutePath().normalize()).toList();
            DaemonClient client = client();
            Terminal term = Terminal.system();
            boolean started = ensureRunning(client, term);
            Reply.Added added;
            try {
                added = client.add(new Request.Add(settings, roots, true));
            } catch (DaemonException e) {
                throw new UsageFailure(e.getMessage());
            }
            if (output.json()) {
                ObjectNode n = Codec.toJson(added);
                n.put("started", started);
                Json.print(term.out(), n);
            } else if (!output.quiet()) {
                if (started) {
                    term.out().println("pycd daemon started (pid " + added.pid() + "); log: "
                            + client.paths().logFile());
                }
                for (Reply.Root r : added.roots()) {
                    term.out().println("watching " + r.path() + " · " + Terminal.count(r.files()) + " files in "
                            + Terminal.count(r.folders()) + " folders");
                }
                for (Path r : added.already()) {
                    term.out().println("already watched: " + r);
                }
            }
            return ExitCodes.OK;
        }
    }

    /** Makes sure a daemon answers; true when this call started it. */
    static boolean ensureRunning(DaemonClient client, Terminal term) {
        try {
            client.removeStale().ifPresent(pid -> staleRemoved(term, pid));
            return client.ensureRunning(client.javaCommand(Main.class.getName(), List.of("daemon", "run")),
                    START_TIMEOUT);
        } catch (IOException e) {
            throw new UsageFailure(e.getMessage());
        }
    }

    static void staleRemoved(Terminal term, String pid) {
        term.err().println("pycd: removed the stale socket and pid file of a daemon that is gone (pid " + pid + ")");
    }

    // ---------------------------------------------------------------- status

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Roots, folders and files watched, compiles and errors since start, latency, last errors.")
    static final class Status implements Callable<Integer> {
        @Mixin
        OutputOptions output;

        @Override
        public Integer call() throws IOException {
            Terminal term = Terminal.system();
            Optional<Reply.Status> answer = client().status();
            if (answer.isEmpty()) {
                if (output.json()) {
                    Json.print(term.out(), Json.object().put("running", false));
                } else {
                    term.out().println("pycd daemon: not running");
                }
                return ExitCodes.PROBLEMS;
            }
            Reply.Status s = answer.get();
            if (output.json()) {
                Json.print(term.out(), Codec.statusDocument(s));
                return ExitCodes.OK;
            }
            term.out().println("pycd daemon: running, pid " + s.pid() + ", up " + Terminal.seconds(s.uptimeSeconds()));
            for (Reply.Root r : s.roots()) {
                term.out().println("  " + r.path() + " · " + Terminal.count(r.files()) + " files · "
                        + Terminal.count(r.folders()) + " folders watched"
                        + (r.polledFolders() > 0 ? " · " + Terminal.count(r.polledFolders()) + " polled" : ""));
            }
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
            return ExitCodes.OK;
        }
    }

    // ---------------------------------------------------------------- stop

    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = "Stop the daemon once the writes in flight are done.")
    static final class Stop implements Callable<Integer> {
        @Mixin
        OutputOptions output;

        @Override
        public Integer call() throws IOException {
            DaemonClient client = client();
            Terminal term = Terminal.system();
            Optional<Long> pid;
            try {
                pid = client.stop(STOP_TIMEOUT);
            } catch (DaemonException e) {
                throw new UsageFailure(e.getMessage());
            }
            if (pid.isEmpty()) {
                if (Files.isDirectory(client.paths().runtimeDir())) {
                    client.removeStale().ifPresent(p -> staleRemoved(term, p));
                }
                if (!output.quiet()) {
                    term.out().println("pycd daemon: not running");
                }
                return ExitCodes.OK;
            }
            if (!output.quiet()) {
                term.out().println("pycd daemon: stopped (pid " + pid.get() + ")");
            }
            return ExitCodes.OK;
        }
    }

    // ---------------------------------------------------------------- run (the daemon itself)

    @Command(name = "run", hidden = true, description = "Be the daemon (started by 'daemon start').")
    static final class Run implements Callable<Integer> {

        @Override
        public Integer call() throws IOException {
            LogSetup.useDaemonLog();
            Daemon daemon;
            try {
                daemon = Daemon.start(DaemonPaths.forUser(), false);
            } catch (Daemon.AlreadyRunning e) {
                org.slf4j.LoggerFactory.getLogger(DaemonCommand.class).warn("{}; exiting", e.getMessage());
                return ExitCodes.PROBLEMS;
            }
            Signals.onTermOrInt(daemon::requestStop);
            try {
                while (!daemon.awaitTermination(Duration.ofDays(365))) {
                    // a daemon runs until it is stopped
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                daemon.close();
            }
            return ExitCodes.OK;
        }
    }
}
