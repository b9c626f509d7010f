package io.pycd.cli;

import io.pycd.settings.Resolved;
import io.pycd.tree.Glob;
import io.pycd.watcher.WatchSettings;
import io.pycd.watcher.daemon.Daemon;
import io.pycd.watcher.daemon.DaemonClient;
import io.pycd.watcher.daemon.DaemonException;
import io.pycd.watcher.daemon.DaemonPaths;
import io.pycd.watcher.daemon.protocol.GroupSettings;
import io.pycd.watcher.daemon.protocol.Reply;
import io.pycd.watcher.daemon.protocol.Request;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code pycd daemon}: parses, calls the daemon library ({@code io.pycd.watcher.daemon}) and renders its replies.
 * The daemon itself, its protocol and its life cycle live in the watcher module.
 */
final class DaemonCommand implements Runnable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    CommandSpec spec;

    /** The command's model: its help and options, in the order --help lists them. */
    CommandSpec spec() {
        CommandSpec spec = Specs.command("daemon", this);
        spec.usageMessage()
                .description("Run pycd watch in the background, one daemon per user, and control it.",
                        "The daemon listens on a Unix domain socket in $XDG_RUNTIME_DIR/pycd (else "
                                + "$TMPDIR/pycd-<uid>), a folder only you can enter; it logs to "
                                + "$XDG_STATE_HOME/pycd/daemon.log (else ~/.local/state/pycd/daemon.log).")
                .footerHeading("%nExit codes:%n")
                .footer("  0  done: start: watching; status: running; unwatch: not watched (any more);",
                        "     stop: stopped or not running; run: stopped (SIGTERM, SIGINT, daemon stop)",
                        "  1  status: no daemon running; start: the daemon did not come up (see",
                        "     daemon.out); run: another daemon runs",
                        "  2  usage or configuration error");
        spec.addSubcommand(null, new Start().spec());
        spec.addSubcommand(null, new Status().spec());
        spec.addSubcommand(null, new Unwatch().spec());
        spec.addSubcommand(null, new Stop().spec());
        spec.addSubcommand(null, new Run().spec());
        this.spec = spec;
        return Specs.standardHelp(spec);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "a subcommand is required: start, status, unwatch, stop or run");
    }

    static DaemonClient client() {
        return new DaemonClient(DaemonPaths.forUser());
    }

    // ---------------------------------------------------------------- start

    static final class Start implements Callable<Integer> {

        final List<Path> paths = new ArrayList<>();
        boolean noRemember;
        final WatchOptions watch = new WatchOptions();
        final TargetOptions target = new TargetOptions();
        final OutputOptions output = new OutputOptions();

        /** The command's model: its help and options, in the order --help lists them. */
        CommandSpec spec() {
            CommandSpec spec = Specs.command("start", this);
            spec.usageMessage()
                    .description("Start the daemon (detached from the terminal) if it is not running, and make it "
                            + "watch PATH. Further starts add roots to the same daemon.",
                            "Takes every option of pycd watch; they apply to the roots of this call. The daemon "
                                    + "remembers its roots (in $XDG_STATE_HOME/pycd) and watches them again when it "
                                    + "starts without PATH.");
            spec.addPositional(Specs.paths(paths,
                    "Folders to watch. Default: the roots the "
                            + "daemon remembers, else the current folder.").build());
            spec.addOption(Specs.flag(this, "noRemember", "--no-remember")
                    .description("Do not remember the roots of this call; a daemon this call "
                            + "starts neither watches the remembered roots again nor remembers any.").build());
            watch.addTo(spec);
            target.addTo(spec);
            output.addTo(spec);
            return Specs.standardHelp(spec);
        }

        @Override
        public Integer call() throws IOException {
            DaemonClient client = client();
            Terminal term = Terminal.system();
            if (paths.isEmpty() && target.inputFile == null && !noRemember && !client.remembered().isEmpty()) {
                return rewatch(client, term);
            }
            Resolved setup = target.resolve(paths, Optional.of(watch.request()));
            WatchSettings ws = WatchSettings.of(setup.watch().orElseThrow());
            WatchOptions.checkRoots(setup.roots(), "daemon start");
            GroupSettings settings;
            try {
                settings = new GroupSettings(setup.compile(),
                        setup.walk().rules().excludes().stream().map(Glob::toString).toList(), setup.walk().maxDepth(),
                        ws);
            } catch (IllegalArgumentException e) {
                throw new UsageFailure(e.getMessage());
            }
            List<Path> roots = setup.roots().stream().map(r -> r.toAbsolutePath().normalize()).toList();
            boolean started;
            try {
                started = ensureRunning(client, term, noRemember);
            } catch (DaemonException e) {
                return didNotStart(term, e);
            }
            Reply.Added added;
            try {
                added = client.add(new Request.Add(settings, roots, !noRemember));
            } catch (DaemonException e) {
                throw new UsageFailure(e.getMessage());
            }
            new DaemonPrinter(term, output).added(added, started, client.paths().logFile());
            return ExitCodes.OK;
        }

        /** No PATH, and roots are remembered: a daemon that starts watches them again, in the background. */
        private int rewatch(DaemonClient client, Terminal term) throws IOException {
            boolean started;
            try {
                started = ensureRunning(client, term, false);
            } catch (DaemonException e) {
                return didNotStart(term, e);
            }
            Reply.Status s = client.status().orElseThrow(() -> new UsageFailure("the daemon went away"));
            new DaemonPrinter(term, output).rewatching(s, started, client.paths().logFile());
            return ExitCodes.OK;
        }
    }

    /**
     * Makes sure a daemon answers; true when this call started it (remembering roots unless told not to).
     *
     * @throws DaemonException a daemon started here that exited or did not answer (exit code 1)
     */
    static boolean ensureRunning(DaemonClient client, Terminal term, boolean noRemember) throws DaemonException {
        try {
            client.removeStale().ifPresent(pid -> staleRemoved(term, pid));
            List<String> run = noRemember ? List.of("daemon", "run", "--no-remember") : List.of("daemon", "run");
            return client.ensureRunning(client.javaCommand(Main.class.getName(), run), START_TIMEOUT);
        } catch (DaemonException e) {
            throw e;
        } catch (IOException e) {
            throw new UsageFailure(e.getMessage());
        }
    }

    /** A daemon that did not come up: said on standard error, exit code 1. */
    static int didNotStart(Terminal term, DaemonException e) {
        term.err().println("pycd: " + e.getMessage());
        return ExitCodes.PROBLEMS;
    }

    static void staleRemoved(Terminal term, String pid) {
        term.err().println("pycd: removed the stale socket and pid file of a daemon that is gone (pid " + pid + ")");
    }

    // ---------------------------------------------------------------- status

    static final class Status implements Callable<Integer> {
        final OutputOptions output = new OutputOptions();

        /** The command's model: its help and options, in the order --help lists them. */
        CommandSpec spec() {
            CommandSpec spec = Specs.command("status", this);
            spec.usageMessage()
                    .description("Roots, folders and files watched, compiles and errors since start, latency, last "
                            + "errors.");
            output.addTo(spec);
            return Specs.standardHelp(spec);
        }

        @Override
        public Integer call() throws IOException {
            DaemonPrinter printer = new DaemonPrinter(Terminal.system(), output);
            Optional<Reply.Status> answer = client().status();
            if (answer.isEmpty()) {
                printer.notRunning(client().remembered());
                return ExitCodes.PROBLEMS;
            }
            printer.status(answer.get());
            return ExitCodes.OK;
        }
    }

    // ---------------------------------------------------------------- stop

    static final class Stop implements Callable<Integer> {
        final OutputOptions output = new OutputOptions();

        /** The command's model: its help and options, in the order --help lists them. */
        CommandSpec spec() {
            CommandSpec spec = Specs.command("stop", this);
            spec.usageMessage()
                    .description("Stop the daemon once the writes in flight are done.");
            output.addTo(spec);
            return Specs.standardHelp(spec);
        }

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
            if (pid.isEmpty() && Files.isDirectory(client.paths().runtimeDir())) {
                client.removeStale().ifPresent(p -> staleRemoved(term, p));
            }
            new DaemonPrinter(term, output).stopped(pid);
            return ExitCodes.OK;
        }
    }

    // ---------------------------------------------------------------- unwatch

    static final class Unwatch implements Callable<Integer> {

        final List<Path> paths = new ArrayList<>();
        final OutputOptions output = new OutputOptions();

        /** The command's model: its help and options, in the order --help lists them. */
        CommandSpec spec() {
            CommandSpec spec = Specs.command("unwatch", this);
            spec.usageMessage()
                    .description("Stop watching the roots PATH and forget them (they are not watched again when the "
                            + "daemon starts). With no daemon running, forgets them.");
            spec.addPositional(Specs.parameters(Path.class, paths)
                    .paramLabel("PATH")
                    .arity("1..*")
                    .description("Roots, as given to daemon start.").build());
            output.addTo(spec);
            return Specs.standardHelp(spec);
        }

        @Override
        public Integer call() throws IOException {
            DaemonClient client = client();
            List<Path> roots = paths.stream().map(p -> p.toAbsolutePath().normalize()).toList();
            Optional<Reply.Unwatched> answer = client.unwatch(roots);
            boolean running = answer.isPresent();
            List<Path> done = running ? answer.get().unwatched() : client.forgetWhileStopped(roots)
                    .orElseThrow(() -> new UsageFailure("a daemon is starting or stopping; try again"));
            List<Path> notWatched = roots.stream().filter(r -> !done.contains(r)).toList();
            new DaemonPrinter(Terminal.system(), output).unwatched(running, done, notWatched);
            return ExitCodes.OK;
        }
    }

    // ---------------------------------------------------------------- run (the daemon itself)

    static final class Run implements Callable<Integer> {

        boolean noRemember;

        /** The command's model: its help and options, in the order --help lists them. */
        CommandSpec spec() {
            CommandSpec spec = Specs.command("run", this);
            spec.usageMessage()
                    .description("Be the daemon, in the foreground, until SIGTERM, SIGINT or pycd daemon stop: what "
                            + "daemon start runs detached, and what a service manager (a systemd user unit) runs. "
                            + "Watches the remembered roots again; logs to daemon.log.");
            spec.addOption(Specs.flag(this, "noRemember", "--no-remember")
                    .description("Neither watch the remembered roots again nor remember any.").build());
            return Specs.standardHelp(spec);
        }

        @Override
        public Integer call() throws IOException {
            LogSetup.useDaemonLog();
            Daemon daemon;
            try {
                daemon = Daemon.start(DaemonPaths.forUser(), !noRemember);
            } catch (Daemon.AlreadyRunning e) {
                Terminal.system().err().println("pycd: " + e.getMessage());
                return ExitCodes.PROBLEMS;
            } catch (IOException e) {
                throw new UsageFailure(e.getMessage());
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
