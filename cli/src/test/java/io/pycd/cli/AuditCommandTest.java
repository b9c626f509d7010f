package io.pycd.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pycd audit and pycd ignore as a user runs them: output, exit codes, usage errors. */
class AuditCommandTest {

    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {
    }

    @BeforeAll
    static void needGit() {
        try {
            Process p = new ProcessBuilder("git", "--version").start();
            assumeTrue(p.waitFor() == 0);
        } catch (IOException | InterruptedException e) {
            assumeTrue(false, "git is not installed");
        }
    }

    private static Run run(String... args) {
        CliHarness.Result r = CliHarness.run(args);
        return new Run(r.exit(), r.out(), r.err());
    }

    private Path git(Path dir, String... args) throws Exception {
        Files.createDirectories(dir);
        List<String> cmd = new java.util.ArrayList<>(List.of("git", "-c", "user.email=t@e", "-c", "user.name=t",
                "-c", "init.defaultBranch=main"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String o = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(o).isZero();
        return dir;
    }

    private Path cleanRepo(String name) throws Exception {
        Path r = git(tmp.resolve(name), "init", "-q");
        Files.writeString(r.resolve(".gitignore"), "__pycache__/\n*.py[cod]\n*$py.class\n");
        Files.writeString(r.resolve("m.py"), "");
        return r;
    }

    @Test
    void cleanRepositoryIsQuietAndExitsZero() throws Exception {
        Run r = run("audit", cleanRepo("ok").toString());
        assertThat(r.code).isEqualTo(ExitCodes.OK);
        assertThat(r.out).isEmpty();
        assertThat(r.err).isEmpty();
    }

    @Test
    void findingsFailWithTheFixAndASummary() throws Exception {
        Path repo = git(tmp.resolve("bad"), "init", "-q");
        Files.createDirectories(repo.resolve("pkg/__pycache__"));
        Files.writeString(repo.resolve("pkg/m.py"), "");
        Files.writeString(repo.resolve("pkg/__pycache__/m.cpython-312.pyc"), "c");
        git(repo, "add", "-f", ".");
        Run r = run("audit", repo.toString());
        assertThat(r.code).isEqualTo(ExitCodes.PROBLEMS);
        assertThat(r.out).contains("pkg/__pycache__/m.cpython-312.pyc", "fix: git rm --cached",
                "fix: add `__pycache__/` to .gitignore", "FAILED").doesNotContain("\u001b[");
        // one finding per missing rule, not one per folder: *.py[cod] covers pyc and pyo
        assertThat(r.out.lines().filter(l -> l.contains("no ignore rule for"))).hasSize(3);

        Run json = run("audit", "--format", "json", repo.toString());
        JsonNode j = new ObjectMapper().readTree(json.out);
        assertThat(j.get("repos").get(0).get("tracked").get(0).get("path").asText())
                .isEqualTo("pkg/__pycache__/m.cpython-312.pyc");
        assertThat(json.code).isEqualTo(ExitCodes.PROBLEMS);

        Run fix = run("audit", "--fix", "--dry-run", repo.toString());
        assertThat(fix.out).contains("would untrack 1 cache(s)", "would create .gitignore: __pycache__/")
                .doesNotContain("after the fix");
        assertThat(Files.exists(repo.resolve(".gitignore"))).isFalse();
        Run fixed = run("audit", "--fix", repo.toString());
        assertThat(fixed.code).isEqualTo(ExitCodes.OK);
        assertThat(fixed.out).contains("untracked 1 cache(s)", "nothing was committed")
                .endsWith("after the fix: passed (review with git status, then commit)\n");
        Run again = run("audit", "--fix", repo.toString());
        assertThat(again.out).isEmpty();
        assertThat(again.code).isEqualTo(ExitCodes.OK);
    }

    @Test
    void notARepositoryIsAUsageErrorNamingThePath() throws Exception {
        Path plain = Files.createDirectories(tmp.resolve("plain"));
        Run r = run("audit", cleanRepo("ok").toString(), plain.toString());
        assertThat(r.code).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err).contains("pycd: " + plain, "not a git repository");
        assertThat(r.out).contains("1 not audited");
        Run alone = run("audit", plain.toString());
        assertThat(alone.code).isEqualTo(ExitCodes.USAGE);
        assertThat(alone.err).contains("pycd: " + plain, "not a git repository");
        assertThat(alone.out).as("one path: the error alone, no summary of zeros").isEmpty();
        assertThat(run("audit", "--dry-run", plain.toString()).code).isEqualTo(ExitCodes.USAGE);
        assertThat(run("audit", "--format", "xml").code).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void strictTurnsNotesIntoFailures() throws Exception {
        Path r = git(tmp.resolve("notes"), "init", "-q");
        Files.writeString(r.resolve(".gitignore"), "__pycache__/\n*.pyc\n");
        Files.writeString(r.resolve("m.py"), "");
        Run normal = run("audit", r.toString());
        assertThat(normal.code).isEqualTo(ExitCodes.OK);
        assertThat(normal.out).contains("note", "pyo").contains("passed");
        assertThat(run("audit", "--strict", r.toString()).code).isEqualTo(ExitCodes.PROBLEMS);
    }

    @Test
    void recursivePrintsATable() throws Exception {
        cleanRepo("many/a");
        Path b = git(tmp.resolve("many/b"), "init", "-q");
        Files.writeString(b.resolve("x.py"), "");
        Run r = run("audit", "--recursive", tmp.resolve("many").toString());
        assertThat(r.code).isEqualTo(ExitCodes.PROBLEMS);
        assertThat(r.out).contains("repository", "result").containsPattern("(?m)^a\\s+0\\s+0\\s+0\\s+-\\s+ok$")
                .containsPattern("(?m)^b\\s+0\\s+3\\s+0\\s+-\\s+FAIL$");
        assertThat(run("audit", "-r", Files.createDirectories(tmp.resolve("none")).toString()).code)
                .isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void helpDescribesEveryOptionAndTheExitCodes() {
        Run r = run("audit", "--help");
        assertThat(r.code).isZero();
        for (String o : new String[] {"--history", "--format", "--fix", "--dry-run", "--strict", "--recursive",
                "--jobs", "Exit codes", "  2  "}) {
            assertThat(r.out).contains(o);
        }
        assertThat(run("ignore", "add", "--help").out).contains("--kind", "--debris", "--dry-run", "Exit codes");
        assertThat(run("ignore", "show", "--help").out).contains("--kind", "Exit codes");
    }

    @Test
    void ignoreShowAndAdd() throws Exception {
        Run show = run("ignore", "show");
        assertThat(show.out).contains("__pycache__/", "*.py[cod]", "*$py.class", "# --- optional: tool debris");
        assertThat(run("ignore", "show", "--kind", "docker").out).contains("**/__pycache__");
        assertThat(run("ignore", "show", "--kind", "hg").out).contains("syntax: glob");
        Path dir = Files.createDirectories(tmp.resolve("proj"));
        Files.writeString(dir.resolve(".gitignore"), "*.pyc\n*.pyo\n*.pyd\n");
        Run add = run("ignore", "add", dir.toString());
        assertThat(add.code).isZero();
        String text = Files.readString(dir.resolve(".gitignore"));
        // *.pyc already ignores everything __pycache__/ and *.py[cod] exist for: only the rest is added
        assertThat(text).isEqualTo("*.pyc\n*.pyo\n*.pyd\n# Python bytecode caches (added by pycd)\n"
                + "*$py.class\n*.py[co].[0-9]*\n");
        assertThat(run("ignore", "add", dir.toString()).out).isEmpty();
        assertThat(Files.readString(dir.resolve(".gitignore"))).isEqualTo(text);
        assertThat(run("ignore", "add", "--kind", "docker", dir.toString()).code).isZero();
        assertThat(Files.readString(dir.resolve(".dockerignore"))).contains("**/__pycache__");
        assertThat(run("ignore", "add", "--kind", "hg", dir.toString()).code).isEqualTo(ExitCodes.USAGE);
        assertThat(run("ignore", "add", tmp.resolve("nope/x").toString()).code).isEqualTo(ExitCodes.USAGE);
    }
}
