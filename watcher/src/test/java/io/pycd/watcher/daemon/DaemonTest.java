package io.pycd.watcher.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.pycd.tree.TreeRules;
import io.pycd.watcher.Caches;
import io.pycd.watcher.WatchSettings;
import io.pycd.watcher.daemon.protocol.GroupSettings;
import io.pycd.watcher.daemon.protocol.Reply;
import io.pycd.watcher.daemon.protocol.Request;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon started from Java, in this process, and driven through its client: no CLI involved. */
class DaemonTest {

    static final Duration AT_MOST = Duration.ofSeconds(60);

    @TempDir
    Path tmp;
    @TempDir
    Path oracleWork;
    DaemonPaths paths;
    DaemonClient client;
    Caches py;
    Daemon daemon;

    @BeforeEach
    void paths() throws Exception {
        paths = new DaemonPaths(tmp.toRealPath().resolve("run/pycd"), tmp.toRealPath().resolve("state"));
        client = new DaemonClient(paths);
        py = Caches.oracle(oracleWork);
    }

    @AfterEach
    void stop() {
        if (daemon != null) {
            daemon.close();
        }
    }

    GroupSettings settings() {
        return new GroupSettings(py.settings(), List.of(), -1, WatchSettings.defaults());
    }

    Path tree(String name) throws Exception {
        return Files.createDirectories(tmp.toRealPath().resolve(name));
    }

    @Test
    void itAnswersOnAPrivateSocketAndStopsCleanly() throws Exception {
        daemon = Daemon.start(paths, false);
        assertThat(client.ping()).contains(ProcessHandle.current().pid());
        assertThat(Files.getPosixFilePermissions(paths.runtimeDir())).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.getPosixFilePermissions(paths.socket())).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(paths.pidFile()).strip()).isEqualTo(Long.toString(daemon.pid()));
        assertThat(client.status().orElseThrow().roots()).isEmpty();
        assertThatThrownBy(() -> Daemon.start(paths, false)).isInstanceOf(Daemon.AlreadyRunning.class);

        assertThat(client.stop(AT_MOST)).contains(daemon.pid());
        assertThat(daemon.awaitTermination(AT_MOST)).isTrue();
        assertThat(paths.socket()).doesNotExist();
        assertThat(paths.pidFile()).doesNotExist();
        assertThat(client.ping()).isEmpty();
        assertThat(client.status()).isEmpty();
        daemon = null;
    }

    @Test
    void rootsAddedWithEqualSettingsShareOneGroupAndEditsAreCompiled() throws Exception {
        Path a = tree("a");
        Path b = tree("b");
        Path m = Files.writeString(a.resolve("m.py"), "m = 1\n");
        daemon = Daemon.start(paths, false);

        Reply.Added first = client.add(new Request.Add(settings(), List.of(a), true));
        assertThat(first.roots()).extracting(Reply.Root::path).containsExactly(a);
        assertThat(first.roots().get(0).files()).isEqualTo(1);
        assertThat(py.right(m)).isTrue();
        Path inside = Files.createDirectories(a.resolve("sub"));
        Reply.Added second = client.add(new Request.Add(settings(), List.of(b, inside), true));
        assertThat(second.roots()).extracting(Reply.Root::path).containsExactly(b);
        assertThat(second.already()).containsExactly(inside);

        Path n = Files.writeString(b.resolve("n.py"), "n = 2\n");
        Files.writeString(m, "m = 'edited'\n");
        await().atMost(AT_MOST).until(() -> py.right(n) && py.right(m));
        Reply.Status s = client.status().orElseThrow();
        assertThat(s.roots()).extracting(Reply.Root::path).containsExactly(a, b);
        assertThat(s.roots()).allMatch(Reply.Root::ready);
        await().atMost(AT_MOST).until(() -> client.status().orElseThrow().latency().samples() >= 2);
    }

    @Test
    void groupsAreKeyedBySettingsNotByHowTheyWereAskedFor() throws Exception {
        Path a = tree("a");
        Path b = tree("b");
        Path c = tree("c");
        try (WatchGroups groups = new WatchGroups(1, e -> { }, java.util.Optional.empty())) {
            groups.add(new Request.Add(settings(), List.of(a), true));
            groups.add(new Request.Add(new GroupSettings(py.settings(), List.of(), -1, WatchSettings.defaults()),
                    List.of(b), true));
            assertThat(groups.groupCount()).isEqualTo(1);
            groups.add(new Request.Add(new GroupSettings(py.settings(), List.of("build"), -1,
                    WatchSettings.defaults()), List.of(c), true));
            assertThat(groups.groupCount()).isEqualTo(2);
            assertThat(groups.unwatch(List.of(c)).unwatched()).containsExactly(c);
            assertThat(groups.groupCount()).isEqualTo(1);
        }
    }

    @Test
    void aRestartedDaemonWatchesItsRememberedRootsAgainAndForgetsUnwatchedOnes() throws Exception {
        Path a = tree("a");
        Path b = tree("b");
        Path c = tree("c");
        daemon = Daemon.start(paths, true);
        client.add(new Request.Add(settings(), List.of(a, b), true));
        client.add(new Request.Add(settings(), List.of(c), false));
        Reply.Unwatched u = client.unwatch(List.of(a, tmp.toRealPath().resolve("never"))).orElseThrow();
        assertThat(u.unwatched()).containsExactly(a);
        assertThat(u.notWatched()).containsExactly(tmp.toRealPath().resolve("never"));
        assertThat(client.status().orElseThrow().remembered()).containsExactly(b);
        daemon.close();

        daemon = Daemon.start(paths, true);
        await().atMost(AT_MOST).until(() -> client.status().orElseThrow().roots().stream()
                .anyMatch(r -> r.path().equals(b) && r.ready()));
        assertThat(client.status().orElseThrow().roots()).extracting(Reply.Root::path).containsExactly(b);
        Path m = Files.writeString(b.resolve("m.py"), "m = 1\n");
        await().atMost(AT_MOST).until(() -> py.right(m));
        daemon.close();

        daemon = Daemon.start(paths, false);
        client.add(new Request.Add(settings(), List.of(c), true));
        Reply.Status s = client.status().orElseThrow();
        assertThat(s.remember()).isFalse();
        assertThat(s.roots()).extracting(Reply.Root::path).containsExactly(c);
        assertThat(s.remembered()).containsExactly(b);
        assertThat(Files.readString(paths.rememberedFile())).contains(b.toString()).doesNotContain(c.toString())
                .doesNotContain(a.toString());
    }

    @Test
    void aRootItCannotWatchIsRefusedWithWhy() throws Exception {
        daemon = Daemon.start(paths, false);
        Path missing = tmp.toRealPath().resolve("missing");
        assertThatThrownBy(() -> client.add(new Request.Add(settings(), List.of(missing), true)))
                .isInstanceOf(DaemonException.class).hasMessageContaining(missing + ": no such file or folder");
    }

    @Test
    void whatACrashedDaemonLeftIsRemovedOnlyWhileNoDaemonHoldsTheLock() throws Exception {
        paths.ensureRuntimeDir();
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(paths.socket()));
        } // closed without removing the file: what a crash leaves
        Files.writeString(paths.pidFile(), "999999\n");
        assertThat(client.ping()).isEmpty();
        assertThat(client.removeStale()).contains("999999");
        assertThat(paths.socket()).doesNotExist();

        daemon = Daemon.start(paths, false);
        assertThat(client.removeStale()).isEmpty();
        assertThat(client.ping()).contains(daemon.pid());
    }

    @Test
    void aDaemonStartedFromBinPycdIsBinPycdAgainSoItGetsTheSameJvmOptionsAndStartupCache() throws Exception {
        Path home = tmp.toRealPath().resolve("home");
        Path launcher = Files.writeString(Files.createDirectories(home.resolve("bin")).resolve("pycd"), "#!/bin/sh\n");
        String before = System.getProperty("pycd.home");
        System.setProperty("pycd.home", home.toString());
        try {
            assertThat(new DaemonClient(DaemonPaths.forUser()).javaCommand("io.pycd.cli.Main", List.of("daemon", "run")))
                    .endsWith("bash", launcher.toString(), "daemon", "run");
            // paths the environment does not give (this test's) only reach a JVM started with them
            assertThat(client.javaCommand("io.pycd.cli.Main", List.of("daemon", "run")))
                    .contains("-Dpycd.runtime.dir=" + paths.runtimeDir(), "-Dpycd.state.dir=" + paths.stateDir())
                    .endsWith("io.pycd.cli.Main", "daemon", "run");
        } finally {
            if (before == null) {
                System.clearProperty("pycd.home");
            } else {
                System.setProperty("pycd.home", before);
            }
        }
    }

    @Test
    void excludesTravelAsGlobs() {
        assertThat(new GroupSettings(py.settings(), List.of("build"), -1, WatchSettings.defaults()).rules()
                .isExcluded("build", "build")).isTrue();
        assertThatThrownBy(() -> new GroupSettings(py.settings(), List.of(""), -1, WatchSettings.defaults()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(TreeRules.none().excludes()).isEmpty();
    }
}
