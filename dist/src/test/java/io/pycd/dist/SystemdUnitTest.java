package io.pycd.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pycd.testing.Processes;
import io.pycd.testing.Pythons;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The systemd user unit: systemd accepts it, and its ExecStart is the release's daemon in the foreground, watching the
 * roots {@code pycd daemon start} gave it and remembered; and any daemon the release starts runs from the release's
 * JVM options and start-up cache.
 */
class SystemdUnitTest {

    private static final Duration AT_MOST = Duration.ofSeconds(120);

    @TempDir
    Path tmp;

    private Path unit() {
        return Installed.image().resolve("share/systemd/user/pycd.service");
    }

    @Test
    void systemdAcceptsTheUnit() throws Exception {
        assumeTrue(Processes.exec(List.of("sh", "-c", "command -v systemd-analyze")).exit() == 0,
                "systemd-analyze is not installed");
        Path runtime = Files.createDirectory(tmp.resolve("run"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        Processes.Run r = Processes.exec(List.of("systemd-analyze", "--user", "verify", unit().toString()), null,
                Map.of("XDG_RUNTIME_DIR", runtime.toString(),
                        "MANPATH", Installed.image().resolve("share/man").toString()), null);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(Files.readAllLines(unit())).contains("Type=simple").noneMatch(l -> l.contains("PYCD_ROOTS"));
    }

    /**
     * ExecStart as systemd runs it ($$ is a literal $), in the foreground; {@code daemon start PATH} adds a root to
     * it; SIGTERM (what {@code systemctl stop} sends, KillMode=mixed) stops it cleanly; the next start watches the
     * remembered root again.
     */
    @Test
    void execStartIsTheDaemonInTheForegroundWatchingTheRememberedRoots() throws Exception {
        Path python = Pythons.require("3.12");
        Path root = Files.createDirectories(tmp.resolve("project"));
        Map<String, String> env = environment();
        Process service = execStart(env);
        try {
            await().atMost(AT_MOST).until(() -> pycd(env, "daemon", "status").exit() == 0);
            assertThat(pid()).as("the unit's process is the daemon").isEqualTo(service.pid());
            assertThat(commandLine(service.pid())).as("the daemon's JVM").contains(startupCache());
            pycd(env, "daemon", "start", "--python", python.toString(), root.toString()).ok();
            assertThat(pid()).as("daemon start added the root to the running daemon").isEqualTo(service.pid());
            assertThat(pycd(env, "daemon", "status").ok().out()).contains(root.toString());
        } finally {
            service.destroy(); // SIGTERM
        }
        assertThat(service.waitFor(AT_MOST.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(service.exitValue()).isZero();
        assertThat(pidFile()).doesNotExist();

        Process again = execStart(env);
        try {
            await().atMost(AT_MOST).until(() -> pycd(env, "daemon", "status").out().contains(root.toString()));
        } finally {
            pycd(env, "daemon", "stop").ok();
        }
        assertThat(again.waitFor(AT_MOST.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(again.exitValue()).isZero();
    }

    /** {@code daemon start} with no daemon running starts one detached: bin/pycd again, from the startup cache. */
    @Test
    void aDaemonTheReleaseStartsRunsFromItsJvmOptionsAndStartupCache() throws Exception {
        Path python = Pythons.require("3.12");
        Path root = Files.createDirectories(tmp.resolve("project"));
        Map<String, String> env = environment();
        // with an AOT cache, the JVM refuses to start without it (the variable reaches the detached daemon too)
        env.putAll(Installed.requireStartupCache(Installed.image()));
        try {
            pycd(env, "daemon", "start", "--python", python.toString(), root.toString()).ok();
            String jvm = commandLine(pid());
            assertThat(jvm).contains("@" + Installed.image().toRealPath().resolve("bin/jvm.options"))
                    .contains(startupCache()).contains("daemon\0run");
        } finally {
            pycd(env, "daemon", "stop").ok();
        }
    }

    private Map<String, String> environment() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("PYCD", Installed.image().resolve("bin/pycd").toString());
        env.put("XDG_RUNTIME_DIR", Files.createDirectories(tmp.resolve("run")).toString());
        env.put("XDG_STATE_HOME", tmp.resolve("state").toString());
        return env;
    }

    private Path pidFile() {
        return tmp.resolve("run/pycd/daemon.pid");
    }

    private long pid() throws Exception {
        return Long.parseLong(Files.readString(pidFile()).strip());
    }

    /** The JVM's arguments, NUL-separated, as the kernel keeps them. */
    private static String commandLine(long pid) throws Exception {
        return new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")), StandardCharsets.UTF_8);
    }

    /** The flag bin/pycd passes for the release's start-up cache (a JDK 17 archive only where it was built). */
    private static String startupCache() throws Exception {
        Path lib = Installed.image().toRealPath().resolve("lib");
        return Files.isRegularFile(lib.resolve("pycd.aot")) ? "-XX:AOTCache=" + lib.resolve("pycd.aot")
                : "-XX:SharedArchiveFile=" + lib.resolve("pycd.jsa");
    }

    private Processes.Run pycd(Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>(List.of(env.get("PYCD")));
        cmd.addAll(List.of(args));
        return Processes.exec(cmd, tmp, env, null);
    }

    /** The unit's ExecStart, started as systemd would (its output discarded), not waited for. */
    private Process execStart(Map<String, String> env) throws Exception {
        String line = Files.readAllLines(unit()).stream().filter(l -> l.startsWith("ExecStart=")).findFirst()
                .orElseThrow();
        String prefix = "ExecStart=/bin/sh -c '";
        assertThat(line).startsWith(prefix).endsWith("'");
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c",
                line.substring(prefix.length(), line.length() - 1).replace("$$", "$"));
        pb.environment().putAll(env);
        pb.directory(tmp.toFile());
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        return pb.start();
    }
}
