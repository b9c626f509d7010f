package io.pycd.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.pycd.watcher.daemon.DaemonPaths;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon end to end: a detached JVM, its socket folder's permissions, status, stop, a stale socket. */
class DaemonCommandTest {

    @TempDir
    Path tmp;
    Path runtime;
    String python;

    @BeforeEach
    void isolate() throws Exception {
        python = WatchCommandTest.python();
        runtime = tmp.toRealPath().resolve("run").resolve("pycd");
        System.setProperty("pycd.runtime.dir", runtime.toString());
        System.setProperty("pycd.state.dir", tmp.toRealPath().resolve("state").toString());
    }

    @AfterEach
    void stopDaemon() {
        run("daemon", "stop");
        System.clearProperty("pycd.runtime.dir");
        System.clearProperty("pycd.state.dir");
    }

    record Result(int code, String out) {
    }

    static Result run(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            int code = Main.run(args);
            return new Result(code, buf.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(old);
        }
    }

    @Test
    void startStatusStop() throws Exception {
        Path a = Files.createDirectories(tmp.toRealPath().resolve("a"));
        Path b = Files.createDirectories(tmp.toRealPath().resolve("b"));
        Files.writeString(a.resolve("m.py"), "m = 1\n");
        assertThat(run("daemon", "start", "--python", python, a.toString()).code()).isZero();

        DaemonPaths dp = DaemonPaths.forUser();
        assertThat(Files.getPosixFilePermissions(runtime)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.getPosixFilePermissions(dp.socket())).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(dp.pidFile()).strip()).matches("[0-9]+");
        long pid = Long.parseLong(Files.readString(dp.pidFile()).strip());
        assertThat(pid).isNotEqualTo(ProcessHandle.current().pid());

        // the start-up reconcile compiled m.py; a second start adds a root to the same daemon
        assertThat(Files.list(a.resolve("__pycache__")).count()).isEqualTo(1);
        assertThat(run("daemon", "start", "--python", python, b.toString()).code()).isZero();
        assertThat(Long.parseLong(Files.readString(dp.pidFile()).strip())).isEqualTo(pid);
        Files.writeString(b.resolve("n.py"), "n = (\n");
        Files.writeString(a.resolve("m.py"), "m = 'edited'\n");

        await().atMost(Duration.ofSeconds(60)).until(() -> {
            JsonNode s = CliHarness.JSON.readTree(run("daemon", "status", "--format", "json").out());
            return s.path("roots").size() == 2 && s.path("errors").asInt() >= 1
                    && s.path("latency_ms").path("samples").asInt() >= 1;
        });
        JsonNode s = CliHarness.JSON.readTree(run("daemon", "status", "--format", "json").out());
        assertThat(s.path("pid").asLong()).isEqualTo(pid);
        assertThat(s.path("last_errors").get(0).asText()).contains("n.py:1").contains("SyntaxError");
        assertThat(s.path("latency_ms").path("p50").isNumber()).isTrue();
        Result text = run("daemon", "status");
        assertThat(text.code()).isZero();
        assertThat(text.out()).contains("running, pid " + pid).contains(a.toString()).contains("p95");

        assertThat(run("daemon", "stop").code()).isZero();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(dp.socket()).doesNotExist();
        assertThat(dp.pidFile()).doesNotExist();
        assertThat(run("daemon", "status").code()).isEqualTo(ExitCodes.PROBLEMS);
    }

    @Test
    void stopAndStatusPrintJsonWhetherOrNotADaemonRuns() throws Exception {
        CliHarness.Result stopped = CliHarness.run("daemon", "stop", "--format", "json");
        assertThat(stopped.exit()).as(stopped.toString()).isZero();
        assertThat(stopped.json().toString()).isEqualTo("{\"stopped\":false,\"pid\":null}");
        CliHarness.Result status = CliHarness.run("daemon", "status", "--format", "json");
        assertThat(status.exit()).isEqualTo(ExitCodes.PROBLEMS);
        assertThat(CliHarness.fieldNames(status.json())).containsExactly("running", "pid", "remembered");
        assertThat(status.json().path("running").asBoolean(true)).isFalse();

        Path a = Files.createDirectories(tmp.toRealPath().resolve("a"));
        assertThat(run("daemon", "start", "--python", python, a.toString()).code()).isZero();
        JsonNode running = CliHarness.run("daemon", "status", "--format", "json").json();
        assertThat(running.path("running").asBoolean()).isTrue();
        long pid = running.path("pid").asLong();
        CliHarness.Result stop = CliHarness.run("daemon", "stop", "--format", "json");
        assertThat(stop.exit()).as(stop.toString()).isZero();
        assertThat(stop.json().toString()).isEqualTo("{\"stopped\":true,\"pid\":" + pid + "}");
    }

    @Test
    void aPathThatIsMissingOrAFileIsAUsageErrorSaidAsWatchSaysIt() throws Exception {
        Path missing = tmp.toRealPath().resolve("nonexistent");
        CliHarness.Result r = CliHarness.run("daemon", "start", "--python", python, missing.toString());
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains(missing + ": no such file or folder");
        Path file = Files.writeString(tmp.toRealPath().resolve("one.py"), "x = 1\n");
        CliHarness.Result f = CliHarness.run("daemon", "start", "--python", python, file.toString());
        assertThat(f.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(f.err()).contains(file + ": not a folder (daemon start takes folders)");
        assertThat(DaemonPaths.forUser().socket()).doesNotExist();
    }

    @Test
    void rootsAreRememberedAcrossRestartsUnlessAskedNotToAndUnwatchForgetsOne() throws Exception {
        Path a = Files.createDirectories(tmp.toRealPath().resolve("a"));
        Path b = Files.createDirectories(tmp.toRealPath().resolve("b"));
        Path c = Files.createDirectories(tmp.toRealPath().resolve("c"));
        assertThat(run("daemon", "start", "--python", python, a.toString(), b.toString()).code()).isZero();
        assertThat(run("daemon", "start", "--no-remember", "--python", python, c.toString()).code()).isZero();
        CliHarness.Result unwatched = CliHarness.run("daemon", "unwatch", "--format", "json", a.toString());
        assertThat(unwatched.exit()).isZero();
        assertThat(unwatched.json().path("unwatched").toString()).isEqualTo("[\"" + a + "\"]");
        assertThat(roots(CliHarness.run("daemon", "status", "--format", "json").json())).containsExactly(b, c);
        assertThat(run("daemon", "stop").code()).isZero();
        JsonNode stopped = CliHarness.run("daemon", "status", "--format", "json").json();
        assertThat(stopped.path("remembered").toString()).isEqualTo("[\"" + b + "\"]");

        // No PATH: the remembered roots, watched again in the background
        CliHarness.Result start = CliHarness.run("daemon", "start");
        assertThat(start.exit()).as(start.toString()).isZero();
        assertThat(start.out()).contains(b.toString());
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            JsonNode s = CliHarness.run("daemon", "status", "--format", "json").json();
            return roots(s).equals(java.util.List.of(b)) && s.path("roots").get(0).path("ready").asBoolean();
        });
        Path m = Files.writeString(b.resolve("m.py"), "m = 1\n");
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.isDirectory(b.resolve("__pycache__")));

        // Unwatch while no daemon runs forgets it from the state folder
        assertThat(run("daemon", "stop").code()).isZero();
        CliHarness.Result forgot = CliHarness.run("daemon", "unwatch", b.toString());
        assertThat(forgot.exit()).isZero();
        assertThat(forgot.out()).contains("forgot " + b);
        assertThat(CliHarness.run("daemon", "status", "--format", "json").json().path("remembered").size()).isZero();
        assertThat(m).exists();
    }

    @Test
    void aDaemonStartedWithoutRememberingNeitherRewatchesNorRecords() throws Exception {
        Path a = Files.createDirectories(tmp.toRealPath().resolve("a"));
        Path b = Files.createDirectories(tmp.toRealPath().resolve("b"));
        assertThat(run("daemon", "start", "--python", python, a.toString()).code()).isZero();
        assertThat(run("daemon", "stop").code()).isZero();
        assertThat(run("daemon", "start", "--no-remember", "--python", python, b.toString()).code()).isZero();
        JsonNode s = CliHarness.run("daemon", "status", "--format", "json").json();
        assertThat(s.path("remember").asBoolean(true)).isFalse();
        assertThat(roots(s)).containsExactly(b);
        assertThat(s.path("remembered").toString()).isEqualTo("[\"" + a + "\"]");
    }

    static java.util.List<Path> roots(JsonNode status) {
        java.util.List<Path> out = new java.util.ArrayList<>();
        status.path("roots").forEach(r -> out.add(Path.of(r.path("path").asText())));
        return out;
    }

    @Test
    void staleSocketAndPidAreCleanedAndAWideFolderNarrowed() throws Exception {
        Files.createDirectories(runtime, PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.setPosixFilePermissions(runtime, PosixFilePermissions.fromString("rwxr-xr-x"));
        DaemonPaths dp = DaemonPaths.forUser();
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(dp.socket()));
        } // closed without removing the file: what a crash leaves
        Files.writeString(dp.pidFile(), "999999\n");
        assertThat(dp.socket()).exists();
        assertThat(run("daemon", "status").code()).isEqualTo(ExitCodes.PROBLEMS);

        Path a = Files.createDirectories(tmp.toRealPath().resolve("a"));
        assertThat(run("daemon", "start", "--python", python, a.toString()).code()).isZero();
        assertThat(Files.getPosixFilePermissions(runtime)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.readString(dp.pidFile()).strip()).isNotEqualTo("999999");
        assertThat(run("daemon", "status").code()).isZero();
    }
}
