package io.pycd.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.pycd.testing.Py;
import io.pycd.watcher.events.WatchEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pycd watch as a user runs it: a separate JVM, JSON Lines on stdout, SIGTERM ends it with exit code 0. */
class WatchCommandTest {

    @TempDir
    Path tmp;

    /** python3.12, else the newest interpreter installed here: the watch's target. */
    static String python() {
        return Py.find("3.12").or(() -> Py.installed(6).stream().reduce((older, newer) -> newer))
                .map(i -> i.executable().toString())
                .orElseGet(() -> Assumptions.abort("no Python interpreter"));
    }

    static Process pycd(Path cwd, String... args) throws IOException {
        return pycd(cwd, null, args);
    }

    static Process pycd(Path cwd, Path stderr, String... args) throws IOException {
        List<String> cmd = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
        if (stderr != null) {
            pb.redirectError(stderr.toFile());
        }
        return pb.start();
    }

    @Test
    void jsonEventsThenCleanExitOnSigterm() throws Exception {
        Path root = tmp.toRealPath();
        Files.writeString(root.resolve("a.py"), "a = 1\n");
        Path errFile = Files.createTempFile("pycd-watch", ".err");
        Process p = pycd(root, errFile, "watch", "--format", "json", "--python", python(), ".");
        List<JsonNode> events = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    events.add(CliHarness.JSON.readTree(line));
                }
            } catch (IOException e) {
                // stream closed
            }
        });
        reader.start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> !events.isEmpty());
            JsonNode ready = events.get(0);
            assertThat(ready.path("event").asText()).isEqualTo("ready");
            assertThat(ready.path("roots").get(0).asText()).isEqualTo(root.toString());
            assertThat(ready.path("files").asInt()).isEqualTo(1);
            assertThat(ready.has("seconds")).isTrue();

            Files.writeString(root.resolve("b.py"), "b = 2\n");
            Files.writeString(root.resolve("bad.py"), "def f(:\n");
            await().atMost(Duration.ofSeconds(60)).until(() -> events.stream().anyMatch(e ->
                    e.path("event").asText().equals("compiled") && e.path("source").asText().endsWith("b.py")
                            && e.path("ms").isNumber() && e.path("cache").asText().contains("__pycache__")));
            await().atMost(Duration.ofSeconds(60)).until(() -> events.stream().anyMatch(e ->
                    e.path("event").asText().equals("error") && e.path("line").asInt() == 1
                            && e.path("source").asText().endsWith("bad.py")));
            Files.delete(root.resolve("b.py"));
            await().atMost(Duration.ofSeconds(60)).until(() -> events.stream().anyMatch(e ->
                    e.path("event").asText().equals("removed") && e.path("cache").asText().contains("b.")));
        } finally {
            p.destroy(); // SIGTERM
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(p.exitValue()).isZero();
        String err = Files.readString(errFile);
        Files.delete(errFile);
        assertThat(err).doesNotContain("DEBUG").doesNotContain("Exception");
    }

    @Test
    void everyEngineEventHasItsDocumentedJsonLine() {
        Path cache = Path.of("/abs/root/__pycache__/gone.cpython-312.pyc");
        assertThat(WatchPrinter.toJson(new WatchEvent.NotRemoved(cache, "cannot remove: Operation not permitted"))
                .toString()).isEqualTo("{\"event\":\"error\",\"path\":\"" + cache
                + "\",\"error\":\"RemoveError\",\"message\":\"cannot remove: Operation not permitted\"}");
        assertThat(WatchPrinter.toJson(new WatchEvent.FolderRemoved(Path.of("/abs/root/pkg/sub"))).toString())
                .isEqualTo("{\"event\":\"removed\",\"folder\":\"/abs/root/pkg/sub\",\"reason\":\"held only caches\"}");
        assertThat(WatchPrinter.toJson(new WatchEvent.Unreadable(Path.of("/abs/root/x"), "permission denied"))
                .toString()).isEqualTo("{\"event\":\"warning\",\"message\":\"cannot read /abs/root/x: permission "
                + "denied\",\"path\":\"/abs/root/x\"}");
        assertThat(WatchPrinter.toJson(new WatchEvent.Unwatchable(Path.of("/abs/root/big"), "User limit of inotify "
                + "watches reached", Duration.ofSeconds(2), true)).path("message").asText())
                .contains("sysctl fs.inotify.max_user_watches=524288");
        assertThat(WatchPrinter.toJson(new WatchEvent.InternalError("dispatching changes",
                new IllegalStateException("boom"))).toString()).isEqualTo("{\"event\":\"error\",\"error\":"
                + "\"InternalError\",\"message\":\"dispatching changes: java.lang.IllegalStateException: boom\"}");
    }

    @Test
    void aFileIsNotAWatchRoot() throws Exception {
        Path f = Files.writeString(tmp.resolve("one.py"), "x = 1\n");
        Process p = pycd(tmp, "watch", "--python", python(), f.toString());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(ExitCodes.USAGE);
        assertThat(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)).contains("not a folder");
    }
}
