package io.pycd.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pycd.testing.Git;
import java.io.IOException;
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
        JsonNode json() throws IOException {
            return new ObjectMapper().readTree(out);
        }
    }

    @BeforeAll
    static void needGit() {
        assumeTrue(Git.available(), "git is not installed");
    }

    private static Run run(String... args) {
        CliHarness.Result r = CliHarness.run(args);
        return new Run(r.exit(), r.out(), r.err());
    }

    /** Runs git in {@code dir} (made first) with an isolated home, a committer and {@code main} as the first branch. */
    private Path git(Path dir, String... args) throws IOException {
        Files.createDirectories(dir);
        List<String> cmd = new java.util.ArrayList<>(List.of("-c", "user.email=t@e", "-c", "user.name=t",
                "-c", "init.defaultBranch=main"));
        cmd.addAll(List.of(args));
        new Git(dir, tmp.resolve("git-home")).run(cmd.toArray(String[]::new));
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
        // one finding per missing rule, not one per folder: *.py[cod] covers pyc and pyo; nothing suggests Jython
        assertThat(r.out.lines().filter(l -> l.contains("no ignore rule for"))).hasSize(2);

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
                .endsWith("; after the fix: passed (review with git status, then commit)\n")
                .as("one verdict, on what is true after the fix").doesNotContain("FAILED");
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
                .containsPattern("(?m)^b\\s+0\\s+2\\s+0\\s+-\\s+FAIL$");
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
        assertThat(add.out).startsWith("added to " + dir.resolve(".gitignore") + ": ");
        Run quiet = run("ignore", "add", "-q", "--kind", "docker", dir.toString());
        assertThat(quiet.code).isZero();
        assertThat(quiet.out).as("-q as for every command").isEmpty();
        assertThat(Files.readString(dir.resolve(".dockerignore"))).contains("**/__pycache__");
        assertThat(run("ignore", "add", "--kind", "hg", dir.toString()).code).isEqualTo(ExitCodes.USAGE);
        assertThat(run("ignore", "add", tmp.resolve("nope/x").toString()).code).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void aFixThatCannotTakeTheIndexLockSaysNothingWasDone() throws Exception {
        Path repo = git(tmp.resolve("locked"), "init", "-q");
        Files.createDirectories(repo.resolve("pkg/__pycache__"));
        Files.writeString(repo.resolve("pkg/m.py"), "");
        Files.writeString(repo.resolve("pkg/__pycache__/m.cpython-312.pyc"), "c");
        git(repo, "add", "-f", ".");
        byte[] index = Files.readAllBytes(repo.resolve(".git/index"));
        Files.writeString(repo.resolve(".git/index.lock"), "");
        Run r = run("audit", "--fix", repo.toString());
        assertThat(r.code).isEqualTo(ExitCodes.USAGE);
        assertThat(r.out).doesNotContain("untracked 1", "created .gitignore", "after the fix", "nothing was committed")
                .contains("nothing was changed");
        assertThat(r.err).contains("fix failed", "index.lock");
        Run json = run("audit", "--fix", "--format", "json", repo.toString());
        JsonNode fix = json.json().get("repos").get(0).get("fix");
        assertThat(fix.get("dry_run").asBoolean()).isFalse();
        assertThat(fix.get("untracked")).isEmpty();
        assertThat(fix.get("appended")).isEmpty();
        assertThat(fix.get("error").asText()).contains("index.lock");
        assertThat(Files.readAllBytes(repo.resolve(".git/index"))).isEqualTo(index);
        assertThat(repo.resolve(".gitignore")).doesNotExist();
    }

    @Test
    void sourcelessModulesAreNotesApartFromTheTrackedCaches() throws Exception {
        Path repo = cleanRepo("fixtures");
        Files.createDirectories(repo.resolve("tests/data"));
        Files.writeString(repo.resolve("tests/data/old.pyc"), "c");
        Files.createDirectories(repo.resolve("pkg/__pycache__"));
        Files.writeString(repo.resolve("pkg/m.py"), "");
        Files.writeString(repo.resolve("pkg/__pycache__/m.cpython-312.pyc"), "c");
        git(repo, "add", "-f", ".");
        Run r = run("audit", repo.toString());
        assertThat(r.out).contains("error 1 cache tracked by git", "note  1 sourceless module tracked by git",
                "(or: pycd audit --fix --strict)", "1 tracked cache, 1 sourceless module");
        String notes = r.out.substring(r.out.indexOf("sourceless module tracked"));
        assertThat(notes).doesNotContain("or: pycd audit --fix)");
    }

    @Test
    void aBareRepositoryIsNotToldToUntrackInPlace() throws Exception {
        Path repo = git(tmp.resolve("src"), "init", "-q");
        Files.writeString(repo.resolve("old.pyc"), "c");
        git(repo, "add", "-f", ".");
        git(repo, "commit", "-qm", "init");
        Path bare = tmp.resolve("bare.git");
        git(tmp, "clone", "-q", "--bare", repo.toString(), bare.toString());
        Files.writeString(repo.resolve("m.py"), "");
        Run r = run("audit", bare.toString());
        assertThat(r.out).contains("old.pyc", "in a clone with a working tree")
                .doesNotContainPattern("(?m)^    fix: (if not deliberate: )?git rm --cached");
    }

    @Test
    void theHistoryListIsShortenedAndTheRewriteIsExact() throws Exception {
        Path repo = git(tmp.resolve("hist"), "init", "-q");
        for (int i = 0; i < 14; i++) {
            Files.writeString(repo.resolve("c" + i + ".pyo"), "c" + i);
        }
        git(repo, "add", "-f", ".");
        git(repo, "commit", "-qm", "caches");
        git(repo, "rm", "-q", "--cached", "*.pyo");
        git(repo, "commit", "-qm", "gone");
        Run r = run("audit", "--history", repo.toString());
        assertThat(r.out).contains("14 caches in the history", "... and 4 more (--format json lists them all)",
                "--history-paths FILE").doesNotContain("--path-glob");
        assertThat(r.out.lines().filter(l -> l.matches("    [0-9a-f]{10} .*"))).hasSize(10);
        Path list = tmp.resolve("caches.txt");
        Run w = run("audit", "--history", "--history-paths", list.toString(), repo.toString());
        assertThat(w.out).contains("git filter-repo --invert-paths --paths-from-file " + list, "14 exact paths");
        assertThat(Files.readAllLines(list)).hasSize(14).allMatch(l -> l.startsWith("regex:^c") && l.endsWith("\\.pyo$"));
        assertThat(run("audit", "--history-paths", list.toString(), repo.toString()).code).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void theJythonNoteOnlyWhereSomethingSuggestsJython() throws Exception {
        Path plain = git(tmp.resolve("plain"), "init", "-q");
        Files.writeString(plain.resolve(".gitignore"), "__pycache__/\n*.py[cod]\n");
        Files.writeString(plain.resolve("m.py"), "");
        Run r = run("audit", plain.toString());
        assertThat(r.out).doesNotContain("class caches", "$py.class");
        assertThat(r.code).isEqualTo(ExitCodes.OK);
        assertThat(run("audit", "--strict", plain.toString()).out).contains("class caches");
        assertThat(run("audit", "--format", "json", plain.toString()).json().get("repos").get(0)
                .get("ignore_gaps").findValuesAsText("kind")).containsExactly("class");
        Files.writeString(plain.resolve("A$py.class"), "c");
        git(plain, "add", "-f", "A$py.class");
        assertThat(run("audit", plain.toString()).out).contains("no ignore rule for class caches");
    }
}
