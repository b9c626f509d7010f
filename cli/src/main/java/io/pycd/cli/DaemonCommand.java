package io.pycd.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pycd.cache.CacheLayout;
import io.pycd.compile.CompileSettings;
import io.pycd.interpreter.Interpreter;
import io.pycd.watcher.WatchSettings;
import io.pycd.watcher.WatchStats;
import io.pycd.watcher.Watcher;
import io.pycd.watcher.control.ControlClient;
import io.pycd.watcher.control.ControlServer;
import io.pycd.watcher.control.DaemonPaths;
import io.pycd.watcher.events.WatchEvent;
import io.pycd.watcher.events.WatchListener;
import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

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

    private static final Logger LOG = LoggerFactory.getLogger(DaemonCommand.class);
    private static final long START_TIMEOUT_MS = 60_000;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: start, status or stop");
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
            DaemonPaths dp = DaemonPaths.forUser();
            Terminal term = Terminal.system();
            boolean started = ensureRunning(dp, term);
            ObjectNode add = Json.object().put("cmd", "add");
            ArrayNode args = add.putArray("args");
            canonicalArgs(setup, ws, target).forEach(args::add);
            JsonNode answer = request(dp, add).orElseThrow(() -> new UsageFailure("the daemon went away"));
            if (!answer.path("ok").asBoolean()) {
                throw new UsageFailure(answer.path("error").asText());
            }
            if (output.json()) {
                ((ObjectNode) answer).put("started", started);
                Json.print(term.out(), answer);
            } else if (!output.quiet()) {
                if (started) {
                    term.out().println("pycd daemon started (pid " + answer.path("pid").asLong() + "); log: "
                            + dp.logFile());
                }
                for (JsonNode r : answer.path("roots")) {
                    term.out().println("watching " + r.path("path").asText() + " · "
                            + Terminal.count(r.path("files").asLong()) + " files in "
                            + Terminal.count(r.path("folders").asLong()) + " folders");
                }
                for (JsonNode r : answer.path("already")) {
                    term.out().println("already watched: " + r.asText());
                }
            }
            return ExitCodes.OK;
        }
    }

    /** Every setting resolved here, so the daemon (another cwd, another environment) resolves the same thing. */
    static List<String> canonicalArgs(TargetOptions.Setup setup, WatchSettings ws, TargetOptions target) {
        CompileSettings s = setup.settings();
        List<String> a = new ArrayList<>();
        for (Interpreter i : s.interpreters()) {
            a.add("--python");
            a.add(i.executable().toAbsolutePath().toString());
        }
        for (int level : s.optimizeLevels()) {
            a.add("--optimize");
            a.add(Integer.toString(level));
        }
        a.add("--invalidation-mode");
        a.add(s.mode().cliName());
        if (s.layout() instanceof CacheLayout.Prefix p) {
            a.add("--pycache-prefix");
            a.add(p.prefix().toAbsolutePath().normalize().toString());
        } else if (s.layout() instanceof CacheLayout.Legacy) {
            a.add("--legacy");
        }
        for (String g : target.exclude) {
            a.add("--exclude");
            a.add(g);
        }
        a.add("--jobs");
        a.add(Integer.toString(s.workers().workers()));
        a.add("--max-depth");
        a.add(Integer.toString(target.maxDepth));
        s.codeFileNames().ddir().ifPresent(d -> {
            a.add("--ddir");
            a.add(d);
        });
        s.codeFileNames().stripDir().ifPresent(d -> {
            a.add("--strip-dir");
            a.add(d);
        });
        s.codeFileNames().prependDir().ifPresent(d -> {
            a.add("--prepend-dir");
            a.add(d);
        });
        if (s.hardlinkDupes()) {
            a.add("--hardlink-dupes");
        }
        a.add("--max-size");
        a.add(Long.toString(s.maxSourceBytes()));
        a.add("--timeout");
        a.add(Double.toString(s.workers().perFileTimeout().toMillis() / 1000.0));
        a.add("--settle");
        a.add(Long.toString(ws.settle().toMillis()));
        a.add("--poll-interval");
        a.add(Long.toString(ws.pollInterval().toMillis()));
        a.add(ws.respectGitignore() ? "--respect-gitignore" : "--no-respect-gitignore");
        a.add("--");
        for (Path root : setup.roots()) {
            a.add(root.toAbsolutePath().normalize().toString());
        }
        return a;
    }

    /** Makes sure a daemon answers; true when this call started it. */
    static boolean ensureRunning(DaemonPaths dp, Terminal term) throws IOException {
        try {
            dp.ensureRuntimeDir();
            dp.ensureStateDir();
        } catch (IOException e) {
            throw new UsageFailure(e.getMessage());
        }
        if (ping(dp).isPresent()) {
            return false;
        }
        cleanStale(dp, term);
        if (ping(dp).isPresent()) {
            return false;
        }
        Process child = spawn(dp);
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        while (System.currentTimeMillis() < deadline) {
            if (ping(dp).isPresent()) {
                return true;
            }
            if (!child.isAlive() && ping(dp).isEmpty()) {
                // Lost a race with another start, or the daemon failed: the log says which.
                if (ping(dp).isPresent()) {
                    return false;
                }
                throw new UsageFailure("the daemon exited at start (code " + child.exitValue() + "); see "
                        + dp.outFile() + " and " + dp.logFile());
            }
            try {
                Thread.sleep(20); // polling another process's socket: nothing to wait on here
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new UsageFailure("the daemon did not answer within " + START_TIMEOUT_MS / 1000 + " s; see "
                + dp.logFile());
    }

    /** A socket or pid file left by a daemon that died: removed once nobody holds the daemon lock. */
    static boolean cleanStale(DaemonPaths dp, Terminal term) throws IOException {
        if (!Files.exists(dp.socket()) && !Files.exists(dp.pidFile())) {
            return false;
        }
        try (FileChannel ch = FileChannel.open(dp.lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = ch.tryLock()) {
            if (lock == null) {
                return false; // a live daemon holds it (starting or stopping)
            }
            String pid = Files.exists(dp.pidFile()) ? Files.readString(dp.pidFile()).strip() : "?";
            Files.deleteIfExists(dp.socket());
            Files.deleteIfExists(dp.pidFile());
            term.err().println("pycd: removed the stale socket and pid file of a daemon that is gone (pid " + pid
                    + ")");
            return true;
        }
    }

    private static Process spawn(DaemonPaths dp) throws IOException {
        List<String> cmd = new ArrayList<>();
        for (String setsid : new String[] {"/usr/bin/setsid", "/bin/setsid"}) {
            if (Files.isExecutable(Path.of(setsid))) {
                cmd.add(setsid);
                break;
            }
        }
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-Xss4m");
        cmd.add("-Xlog:disable");
        cmd.add("-Xlog:all=error:stderr");
        cmd.add("-Dpycd.daemon=true");
        for (String prop : new String[] {"pycd.home", "pycd.runtime.dir", "pycd.state.dir", "pycd.log"}) {
            String v = System.getProperty(prop);
            if (v != null) {
                cmd.add("-D" + prop + "=" + v);
            }
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.add("daemon");
        cmd.add("run");
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dp.outFile().toFile()))
                .redirectErrorStream(true)
                .directory(new File("/"));
        return pb.start();
    }

    static Optional<JsonNode> ping(DaemonPaths dp) {
        try {
            return request(dp, Json.object().put("cmd", "ping"));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static Optional<JsonNode> request(DaemonPaths dp, ObjectNode request) throws IOException {
        Optional<String> line = ControlClient.request(dp.socket(),
                Json.mapper().writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(request));
        if (line.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Json.mapper().readTree(line.get()));
    }

    // ---------------------------------------------------------------- status

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Roots, folders and files watched, compiles and errors since start, latency, last errors.")
    static final class Status implements Callable<Integer> {
        @Mixin
        OutputOptions output;

        @Override
        public Integer call() throws IOException {
            DaemonPaths dp = DaemonPaths.forUser();
            Terminal term = Terminal.system();
            Optional<JsonNode> answer = request(dp, Json.object().put("cmd", "status"));
            if (answer.isEmpty()) {
                if (output.json()) {
                    Json.print(term.out(), Json.object().put("running", false));
                } else {
                    term.out().println("pycd daemon: not running");
                }
                return ExitCodes.PROBLEMS;
            }
            ObjectNode s = (ObjectNode) answer.get();
            s.remove("ok");
            if (output.json()) {
                Json.print(term.out(), s);
                return ExitCodes.OK;
            }
            term.out().println("pycd daemon: running, pid " + s.path("pid").asLong() + ", up "
                    + Terminal.seconds(s.path("uptime_seconds").asDouble()));
            for (JsonNode r : s.path("roots")) {
                term.out().println("  " + r.path("path").asText() + " · " + Terminal.count(r.path("files").asLong())
                        + " files · " + Terminal.count(r.path("folders").asLong()) + " folders watched"
                        + (r.path("polled_folders").asLong() > 0
                        ? " · " + Terminal.count(r.path("polled_folders").asLong()) + " polled" : ""));
            }
            JsonNode lat = s.path("latency_ms");
            term.out().println("compiled " + Terminal.count(s.path("compiled").asLong()) + " · removed "
                    + Terminal.count(s.path("removed").asLong()) + " · errors " + Terminal.count(s.path("errors").asLong())
                    + " · rescans " + Terminal.count(s.path("rescans").asLong()));
            term.out().println(lat.path("samples").asInt() == 0 ? "latency: no edits yet"
                    : String.format(Locale.ROOT, "latency (change to cache, last %d compiles): p50 %.1f ms, p95 %.1f ms",
                    lat.path("samples").asInt(), lat.path("p50").asDouble(), lat.path("p95").asDouble()));
            if (s.path("last_errors").size() > 0) {
                term.out().println("last errors:");
                s.path("last_errors").forEach(e -> term.out().println("  " + e.asText()));
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
            DaemonPaths dp = DaemonPaths.forUser();
            Terminal term = Terminal.system();
            Optional<JsonNode> answer = request(dp, Json.object().put("cmd", "stop"));
            if (answer.isEmpty()) {
                if (Files.isDirectory(dp.runtimeDir())) {
                    cleanStale(dp, term);
                }
                if (!output.quiet()) {
                    term.out().println("pycd daemon: not running");
                }
                return ExitCodes.OK;
            }
            long pid = answer.get().path("pid").asLong();
            Optional<ProcessHandle> ph = ProcessHandle.of(pid);
            if (ph.isPresent()) {
                try {
                    ph.get().onExit().get(60, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new UsageFailure("the daemon (pid " + pid + ") did not exit within 60 s");
                }
            }
            if (!output.quiet()) {
                term.out().println("pycd daemon: stopped (pid " + pid + ")");
            }
            return ExitCodes.OK;
        }
    }

    // ---------------------------------------------------------------- run (the daemon itself)

    @Command(name = "run", hidden = true, description = "Be the daemon (started by 'daemon start').")
    static final class Run implements Callable<Integer> {

        private final Map<String, Watcher> groups = new LinkedHashMap<>();
        private final WatchStats stats = new WatchStats();
        private final CountDownLatch stop = new CountDownLatch(1);
        private final long started = System.nanoTime();

        @Override
        public Integer call() throws IOException {
            DaemonPaths dp = DaemonPaths.forUser();
            dp.ensureRuntimeDir();
            dp.ensureStateDir();
            try (FileChannel lockChannel = FileChannel.open(dp.lockFile(), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock lock = lockChannel.tryLock()) {
                if (lock == null) {
                    LOG.warn("another daemon holds {}; exiting", dp.lockFile());
                    return ExitCodes.PROBLEMS;
                }
                Files.deleteIfExists(dp.socket()); // stale: we hold the lock, so its daemon is gone
                Signals.onTermOrInt(stop);
                try (ControlServer server = ControlServer.start(dp.socket(), this::handle)) {
                    Files.writeString(dp.pidFile(), ProcessHandle.current().pid() + "\n", StandardCharsets.UTF_8);
                    LOG.info("daemon started, pid {}, socket {}", ProcessHandle.current().pid(), dp.socket());
                    stop.await();
                    LOG.info("stopping: finishing the writes in flight");
                    synchronized (groups) {
                        groups.values().forEach(Watcher::close);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    Files.deleteIfExists(dp.pidFile());
                }
                LOG.info("daemon stopped");
            }
            return ExitCodes.OK;
        }

        String handle(String line) {
            ObjectNode response = Json.object();
            try {
                JsonNode req = Json.mapper().readTree(line);
                String cmd = req.path("cmd").asText();
                response.put("ok", true).put("pid", ProcessHandle.current().pid());
                switch (cmd) {
                    case "ping" -> {
                    }
                    case "status" -> status(response);
                    case "add" -> add(req, response);
                    case "stop" -> stop.countDown();
                    default -> response.put("ok", false).put("error", "unknown command '" + cmd
                            + "' (known: ping, status, add, stop)");
                }
            } catch (UsageFailure | IOException | IllegalArgumentException e) {
                response.removeAll();
                response.put("ok", false).put("error", e.getMessage());
            } catch (CommandLine.ParameterException e) {
                response.removeAll();
                response.put("ok", false).put("error", e.getMessage());
            }
            try {
                return Json.mapper().writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(response);
            } catch (IOException e) {
                return "{\"ok\":false,\"error\":\"cannot encode the answer\"}";
            }
        }

        private void status(ObjectNode r) {
            r.put("uptime_seconds", Math.round((System.nanoTime() - started) / 1e7) / 100.0);
            ArrayNode roots = r.putArray("roots");
            List<Watcher> ws;
            synchronized (groups) {
                ws = List.copyOf(groups.values());
            }
            for (Watcher w : ws) {
                for (Path root : w.roots()) {
                    roots.addObject().put("path", root.toString()).put("files", w.files(root))
                            .put("folders", w.folders(root)).put("polled_folders", w.polledFolders(root));
                }
            }
            WatchStats.Snapshot s = stats.snapshot();
            r.put("compiled", s.compiled()).put("errors", s.errors()).put("removed", s.removed())
                    .put("rescans", s.rescans());
            ObjectNode lat = r.putObject("latency_ms");
            lat.put("samples", s.samples());
            if (s.samples() > 0) {
                lat.put("p50", Math.round(s.p50() * 10) / 10.0).put("p95", Math.round(s.p95() * 10) / 10.0);
            } else {
                lat.putNull("p50").putNull("p95");
            }
            ArrayNode errs = r.putArray("last_errors");
            s.lastErrors().forEach(errs::add);
        }

        private void add(JsonNode req, ObjectNode r) throws IOException {
            List<String> args = new ArrayList<>();
            req.path("args").forEach(a -> args.add(a.asText()));
            Start opts = new Start();
            new CommandLine(opts).parseArgs(args.toArray(String[]::new));
            TargetOptions.Setup setup = opts.target.resolve(opts.paths);
            WatchSettings ws = opts.watch.resolve(setup.config());
            int cut = args.indexOf("--");
            String key = String.join("\u0000", cut < 0 ? args : args.subList(0, cut));
            Watcher w;
            synchronized (groups) {
                w = groups.computeIfAbsent(key, k -> new Watcher(setup.settings(), opts.target.rules(setup.config()),
                        opts.target.maxDepth, ws, new LogListener(), stats));
            }
            List<Path> fresh = new ArrayList<>();
            ArrayNode already = r.putArray("already");
            List<Path> watched = new ArrayList<>();
            synchronized (groups) {
                groups.values().forEach(g -> watched.addAll(g.roots()));
            }
            for (Path root : setup.roots()) {
                Path abs = root.toAbsolutePath().normalize();
                if (watched.stream().anyMatch(abs::startsWith)) {
                    already.add(abs.toString());
                } else {
                    fresh.add(abs);
                }
            }
            ArrayNode roots = r.putArray("roots");
            if (!fresh.isEmpty()) {
                WatchEvent.Ready ready = w.add(fresh);
                for (Path root : ready.roots()) {
                    roots.addObject().put("path", root.toString()).put("files", w.files(root))
                            .put("folders", w.folders(root));
                }
                r.put("seconds", Math.round(ready.seconds() * 1000) / 1000.0);
            }
        }
    }

    /** The daemon's events go to its log. */
    static final class LogListener implements WatchListener {
        @Override
        public void on(WatchEvent event) {
            if (event instanceof WatchEvent.Compiled c) {
                LOG.debug("compiled {} -> {} ({} ms)", c.source(), c.cache(), Math.round(c.ms()));
            } else if (event instanceof WatchEvent.Error e) {
                LOG.info("error {}", e.failure().describe());
            } else if (event instanceof WatchEvent.Removed r) {
                LOG.info("removed {} ({})", r.cache(), r.reason());
            } else if (event instanceof WatchEvent.Rescan r) {
                LOG.info("rescan {} ({})", r.path(), r.why());
            } else if (event instanceof WatchEvent.Warning w) {
                LOG.warn("{}", w.message());
            } else if (event instanceof WatchEvent.Unwatchable u) {
                LOG.warn("{}", u.message());
            } else if (event instanceof WatchEvent.Unreadable u) {
                LOG.warn("{}", u.message());
            } else if (event instanceof WatchEvent.InternalError i) {
                LOG.error("internal error {}", i.doing(), i.cause());
            } else if (event instanceof WatchEvent.Ready r) {
                LOG.info("watching {}: {} files in {} folders, ready in {} s", r.roots(), r.files(), r.folders(),
                        String.format(Locale.ROOT, "%.2f", r.seconds()));
            }
        }
    }
}
