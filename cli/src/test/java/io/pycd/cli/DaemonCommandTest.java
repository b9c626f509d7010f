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
            JsonNode s = Json.mapper().readTree(run("daemon", "status", "--format", "json").out());
            return s.path("roots").size() == 2 && s.path("errors").asInt() >= 1
                    && s.path("latency_ms").path("samples").asInt() >= 1;
        });
        JsonNode s = Json.mapper().readTree(run("daemon", "status", "--format", "json").out());
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
