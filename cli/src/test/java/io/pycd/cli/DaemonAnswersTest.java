package io.pycd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pycd.interpreter.Interpreters;
import io.pycd.testing.CacheOracle;
import io.pycd.watcher.daemon.Daemon;
import io.pycd.watcher.daemon.DaemonPaths;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pycd compile and pycd status answered by a daemon (in this process) that watches the tree, against the same commands
 * walking it: the same output, caches CPython accepts, and -v saying which way the report came.
 */
class DaemonAnswersTest {

    @TempDir
    Path tmp;
    Path root;
    String python;
    Daemon daemon;

    @BeforeEach
    void watched() throws Exception {
        python = WatchCommandTest.python();
        useDaemonIn("run");
        root = Files.createDirectories(tmp.toRealPath().resolve("tree"));
        Files.writeString(Files.createDirectories(root.resolve("pkg")).resolve("a.py"), "a = 1\n");
        Files.writeString(root.resolve("pkg/b.py"), "b = 2\n");
        Files.writeString(root.resolve("bad.py"), "def f(:\n");
        daemon = Daemon.start(DaemonPaths.forUser(), false);
        // changes settle for 2 s: a command run right after one asks before the daemon compiled it, and waits
        System.setProperty("pycd.daemon.bound", "60000");
        CliHarness.Result started = CliHarness.run("daemon", "start", "--settle", "2000", "--python", python,
                root.toString());
        assertThat(started.exit()).as("%s", started).isZero();
    }

    /** The daemon of the runtime folder {@code name}: a folder where none runs makes the commands walk. */
    void useDaemonIn(String name) throws Exception {
        System.setProperty("pycd.runtime.dir", tmp.toRealPath().resolve(name).resolve("pycd").toString());
        System.setProperty("pycd.state.dir", tmp.toRealPath().resolve("state").toString());
    }

    @AfterEach
    void stop() {
        if (daemon != null) {
            daemon.close();
        }
        System.clearProperty("pycd.runtime.dir");
        System.clearProperty("pycd.state.dir");
        System.clearProperty("pycd.daemon.bound");
    }

    CliHarness.Result pycd(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("-v", "--python", python));
        return CliHarness.run(all.toArray(String[]::new));
    }

    /** The JSON report without its timing. */
    static JsonNode report(CliHarness.Result r) {
        ObjectNode doc = (ObjectNode) r.json();
        doc.remove("seconds");
        return doc;
    }

    CliHarness.Result walked(String... args) throws Exception {
        useDaemonIn("nowhere");
        try {
            CliHarness.Result r = pycd(args);
            assertThat(r.err()).contains("pycd: walked (no daemon runs)");
            return r;
        } finally {
            useDaemonIn("run");
        }
    }

    @Test
    void compileAnsweredByTheDaemonIsWhatAWalkReports() throws Exception {
        CliHarness.Result answered = pycd("compile", "--format", "json", root.toString());
        assertThat(answered.err()).contains("pycd: the daemon answered (nothing walked)");
        assertThat(answered.exit()).isEqualTo(1);
        assertThat(report(answered).path("fresh").asInt()).isEqualTo(2);
        assertThat(report(answered).path("failed").get(0).path("source").asText())
                .isEqualTo(root.resolve("bad.py").toString());
        CliHarness.Result walk = walked("compile", "--format", "json", root.toString());
        assertThat(report(answered)).isEqualTo(report(walk));
        assertThat(root.toFile().list()).as("sync cookies are deleted once seen")
                .noneMatch(name -> name.startsWith(".pycd-cookie-"));
        assertThat(answered.exit()).isEqualTo(walk.exit());

        CliHarness.Result text = pycd("compile", root.toString());
        assertThat(text.err()).contains("pycd: the daemon answered");
        assertThat(text.out()).contains(root.resolve("bad.py") + ":1:").contains("compiled 0 · from store 0 · fresh 2 · failed 1");
    }

    /** The cookie: sources written just before the command are compiled by the daemon and reported as compiled. */
    @Test
    void anEditMadeJustBeforeTheCommandIsCompiledAndReported() throws Exception {
        Path a = Files.writeString(root.resolve("pkg/a.py"), "a = 'edited'\n");
        Path c = Files.writeString(Files.createDirectories(root.resolve("new")).resolve("c.py"), "c = 3\n");
        CliHarness.Result answered = pycd("compile", "--format", "json", root.toString());
        assertThat(answered.err()).contains("the daemon answered");
        List<String> compiled = new ArrayList<>();
        report(answered).path("compiled").forEach(e -> compiled.add(e.path("source").asText()));
        assertThat(compiled).containsExactlyInAnyOrder(a.toString(), c.toString());
        assertThat(report(answered).path("fresh").asInt()).isEqualTo(1);
        CacheOracle.check(Path.of(python), 0, "timestamp", null,
                List.of(new CacheOracle.Entry(a, cacheOf(a), a.toString()), new CacheOracle.Entry(c, cacheOf(c),
                        c.toString())), List.of(root.resolve("bad.py")), tmp).assertRight();
    }

    Path cacheOf(Path source) throws Exception {
        String tag = Interpreters.forUser().resolve(python).cacheTag();
        String name = source.getFileName().toString();
        return source.resolveSibling("__pycache__").resolve(name.substring(0, name.length() - 3) + "." + tag + ".pyc");
    }

    @Test
    void statusAnsweredByTheDaemonIsWhatAWalkReports() throws Exception {
        Files.write(root.resolve("pkg/__pycache__/gone.cpython-312.pyc"), new byte[20]);
        // a version nothing here runs, and one in use here (3.11 is installed) that is not a target: the daemon sends
        // both as wrong-version, and the command judges them against what is in use here, as the walk does
        Files.write(root.resolve("pkg/__pycache__/a.cpython-25.pyc"), new byte[20]);
        Files.write(root.resolve("pkg/__pycache__/a.cpython-311.pyc"), new byte[20]);
        CliHarness.Result answered = pycd("status", "--format", "json", root.toString());
        assertThat(answered.err()).contains("the daemon answered");
        CliHarness.Result walk = walked("status", "--format", "json", root.toString());
        assertThat(answered.out()).isEqualTo(walk.out());
        assertThat(answered.json().path("counts").path("orphaned").asInt()).isEqualTo(1);
        assertThat(answered.json().path("counts").path("wrong_version").asInt()).isEqualTo(1);
        assertThat(answered.json().path("counts").path("other_version").asInt()).isEqualTo(1);
        // without -v the daemon only counts fresh caches: the same text either way
        for (String check : List.of("--check", "--python")) {
            List<String> args = new ArrayList<>(List.of("status", "--python", python, root.toString()));
            if (check.equals("--check")) {
                args.add(1, check);
            }
            CliHarness.Result counted = CliHarness.run(args.toArray(String[]::new));
            useDaemonIn("nowhere");
            CliHarness.Result walkedToo = CliHarness.run(args.toArray(String[]::new));
            useDaemonIn("run");
            assertThat(counted.out()).isEqualTo(walkedToo.out()).contains("fresh 2");
            assertThat(counted.exit()).isEqualTo(walkedToo.exit());
        }
    }

    @Test
    void pathsComeBackAsTheUserWroteThem() throws Exception {
        Path pkg = Path.of("").toAbsolutePath().relativize(root.resolve("pkg"));
        Path a = root.resolve("pkg/a.py");
        Files.delete(cacheOf(a));
        CliHarness.Result answered = pycd("compile", "--format", "json", pkg.toString());
        assertThat(answered.err()).contains("the daemon answered");
        assertThat(report(answered).path("compiled").get(0).path("source").asText())
                .isEqualTo(pkg.resolve("a.py").toString());
        Files.delete(cacheOf(a));
        assertThat(report(answered)).isEqualTo(report(walked("compile", "--format", "json", pkg.toString())));
    }

    @Test
    void aTreeOrSettingsTheDaemonDoesNotWatchAreWalked() throws Exception {
        Path other = Files.createDirectories(tmp.toRealPath().resolve("other"));
        Files.writeString(other.resolve("x.py"), "x = 1\n");
        CliHarness.Result elsewhere = pycd("compile", other.toString());
        assertThat(elsewhere.err()).contains("pycd: walked (the daemon cannot answer: " + other
                + " is not watched with these settings)");
        assertThat(elsewhere.out()).contains("compiled 1 · from store 0 · fresh 0");
        assertThat(pycd("compile", "-o", "1", root.toString()).err()).contains("not watched with these settings");
        assertThat(pycd("compile", "-f", root.toString()).err()).doesNotContain("daemon");
        assertThat(pycd("compile", root.resolve("pkg/a.py").toString()).err()).contains("is not a folder");
    }

    /** A daemon that takes the question and never answers costs the bound, then the command walks. */
    @Test
    void aDaemonThatDoesNotAnswerIsNotWaitedForLongerThanTheBound() throws Exception {
        daemon.close();
        daemon = null;
        System.clearProperty("pycd.daemon.bound"); // the bound every command has
        Path socket = DaemonPaths.forUser().socket();
        Files.deleteIfExists(socket);
        List<SocketChannel> held = new ArrayList<>();
        try (ServerSocketChannel mute = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            mute.bind(UnixDomainSocketAddress.of(socket));
            Thread taker = new Thread(() -> {
                try {
                    while (true) {
                        held.add(mute.accept());
                    }
                } catch (Exception e) {
                    // closed
                }
            });
            taker.setDaemon(true);
            taker.start();
            CliHarness.Result r = pycd("compile", root.toString());
            assertThat(r.err()).contains("pycd: walked (asking the daemon failed: the daemon did not answer within 1000 ms)");
            assertThat(r.out()).contains("compiled 0 · from store 0 · fresh 2 · failed 1");
        }
    }
}
