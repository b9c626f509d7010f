package io.pycd.cli;

import static io.pycd.cli.CliHarness.fieldNames;
import static io.pycd.cli.CliHarness.run;
import static io.pycd.cli.CliHarness.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pycd status: every state, the JSON shape, --check, and that it writes nothing. */
class StatusCommandTest {

    @TempDir
    Path tmp;

    @Test
    void everyStateIsCountedAndNothingIsWritten() throws Exception {
        String tag = CliHarness.python("3.12").cacheTag();
        CliHarness.python("3.13");
        Path root = tmp.resolve("proj");
        write(root.resolve("fresh.py"), "a = 1\n");
        Path stale = write(root.resolve("stale.py"), "b = 1\n");
        write(root.resolve("gone.py"), "c = 1\n");
        assertThat(run("compile", "-q", "--python", "python3.12", "--python", "python3.13", root.toString()).exit())
                .isZero();
        assertThat(run("status", "--check", "--python", "python3.12", root.toString()).exit()).isZero();

        Files.delete(root.resolve("gone.py"));
        write(root.resolve("missing.py"), "d = 1\n");
        Files.writeString(stale, "b = 22\n");
        Files.setLastModifiedTime(stale, FileTime.fromMillis(System.currentTimeMillis() + 10_000));
        Map<Path, FileTime> before = snapshot(root);

        CliHarness.Result r = run("status", "--only-targets", "--python", "python3.12", "--format", "json",
                root.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        JsonNode doc = r.json();
        assertThat(fieldNames(doc)).containsExactly("interpreters", "counts", "caches", "skipped");
        assertThat(fieldNames(doc.get("counts"))).containsExactly("fresh", "stale", "missing", "orphaned",
                "wrong_version", "other_version");
        assertThat(doc.get("counts").get("fresh").asInt()).isEqualTo(1);
        assertThat(doc.get("counts").get("stale").asInt()).isEqualTo(1);
        assertThat(doc.get("counts").get("missing").asInt()).isEqualTo(1);
        assertThat(doc.get("counts").get("orphaned").asInt()).isEqualTo(2); // gone.py's caches, both tags
        assertThat(doc.get("counts").get("wrong_version").asInt()).isEqualTo(2); // fresh.py and stale.py, 3.13
        assertThat(doc.get("interpreters")).singleElement()
                .satisfies(i -> assertThat(i.get("cache_tag").asText()).isEqualTo(tag));
        for (JsonNode c : doc.get("caches")) {
            assertThat(fieldNames(c)).containsExactly("cache", "source", "interpreter", "state", "reason");
        }
        assertThat(doc.get("caches")).anySatisfy(c -> {
            assertThat(c.get("state").asText()).isEqualTo("stale");
            assertThat(c.get("source").asText()).isEqualTo(stale.toString());
            assertThat(c.get("reason").asText()).isNotEmpty();
        });

        CliHarness.Result check = run("status", "--check", "--only-targets", "--python", "python3.12",
                root.toString());
        assertThat(check.exit()).isEqualTo(1);
        assertThat(check.out()).contains("stale " + root.resolve("__pycache__/stale." + tag + ".pyc"))
                .contains("missing " + root.resolve("__pycache__/missing." + tag + ".pyc"))
                .contains("caches: fresh 1 · stale 1 · missing 1 · orphaned 2 · wrong-version 2 · other-version 0");
        // python3.13 is installed here: without --only-targets its caches are in use, not wrong.
        JsonNode inUse = run("status", "--python", "python3.12", "--format", "json", root.toString()).json();
        assertThat(inUse.get("counts").get("wrong_version").asInt()).isZero();
        assertThat(inUse.get("counts").get("other_version").asInt()).isEqualTo(2);
        assertThat(inUse.get("caches")).filteredOn(c -> c.get("state").asText().equals("other-version"))
                .allSatisfy(c -> assertThat(c.get("reason").asText()).startsWith("cpython-313, in use: "));
        CliHarness.Result verbose = run("status", "-v", "--python", "python3.12", root.toString());
        assertThat(verbose.exit()).isZero();
        assertThat(verbose.out()).contains("orphaned").contains("gone." + tag + ".pyc");
        assertThat(snapshot(root)).as("status writes nothing").isEqualTo(before);

        assertThat(run("compile", "-q", "--python", "python3.12", root.toString()).exit()).isZero();
        assertThat(run("status", "--check", "-q", "--python", "python3.12", root.toString()).exit()).isZero();
    }

    @Test
    void hashPycsAreJudgedBySourceHash() {
        Path root = tmp.resolve("proj");
        Path src = write(root.resolve("m.py"), "a = 1\n");
        CliHarness.python("3.12");
        assertThat(run("compile", "-q", "--python", "python3.12", "--invalidation-mode", "checked-hash",
                root.toString()).exit()).isZero();
        assertThat(run("status", "--check", "--python", "python3.12", "--invalidation-mode", "checked-hash",
                root.toString()).exit()).isZero();
        write(src, "a = 2\n");
        assertThat(run("status", "--check", "--python", "python3.12", "--invalidation-mode", "checked-hash",
                root.toString()).exit()).isEqualTo(1);
    }

    @Test
    void aPathTheWalkCouldNotReadFailsTheCheck() throws Exception {
        CliHarness.python("3.12");
        Path root = tmp.resolve("proj");
        write(root.resolve("ok.py"), "a = 1\n");
        assertThat(run("compile", "--python", "python3.12", root.toString()).exit()).isZero();
        assertThat(run("status", "--check", "--python", "python3.12", root.toString()).exit()).isZero();
        // a folder the walk reports as an error (tests run as root, so not an unreadable one): its sources go unseen
        io.pycd.testing.TestFiles.nonUtf8Folder(root);

        CliHarness.Result r = run("status", "--check", "--python", "python3.12", root.toString());
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).contains("caches: fresh 1 · stale 0 · missing 0").contains(" · 1 path unreadable");
        assertThat(run("status", "--python", "python3.12", root.toString()).exit()).as("without --check").isZero();
    }

    @Test
    void statusOfAPathThatDoesNotExistIsExitTwo() {
        CliHarness.python("3.12");
        assertThat(run("status", "--python", "python3.12", tmp.resolve("nope").toString()).exit()).isEqualTo(2);
    }

    @Test
    void statusTakesOnlyTheOptionsThatChangeItsAnswer() {
        CliHarness.python("3.12");
        String help = run("status", "--help").out();
        for (String compileOnly : new String[] {"--jobs", "--timeout", "--max-size", "--hardlink-dupes", "--ddir",
                "--strip-dir", "--prepend-dir", "--force"}) {
            assertThat(help).as(compileOnly).doesNotContain(compileOnly);
            CliHarness.Result r = run("status", "--python", "python3.12", compileOnly, "1", tmp.toString());
            assertThat(r.exit()).as(compileOnly).isEqualTo(2);
            assertThat(r.err()).as(compileOnly).contains("Unknown option: '" + compileOnly + "'");
            assertThat(run("compile", "--help").out()).as(compileOnly).contains(compileOnly);
        }
        for (String changesTheAnswer : new String[] {"--python", "--optimize", "--invalidation-mode",
                "--pycache-prefix", "--legacy", "--exclude", "--max-depth", "--input-file", "--check"}) {
            assertThat(help).as(changesTheAnswer).contains(changesTheAnswer);
        }
    }

    private static Map<Path, FileTime> snapshot(Path root) throws IOException {
        Map<Path, FileTime> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.toList()) {
                out.put(p, Files.getLastModifiedTime(p));
            }
        }
        return out;
    }
}
