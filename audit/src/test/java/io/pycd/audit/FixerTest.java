package io.pycd.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pycd.audit.fix.Append;
import io.pycd.git.GitEnvironment;
import io.pycd.testing.Git;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --fix}: what git sees afterwards, byte-exact ignore files, and a second run that changes nothing. */
class FixerTest {

    @TempDir
    Path tmp;

    @BeforeAll
    static void needGit() {
        assumeTrue(Git.available(), "git is not installed");
    }

    private final Auditor auditor() {
        return new Auditor(GitEnvironment.isolated(tmp.resolve("home")));
    }

    private RepoAudit audit(Path p) throws Exception {
        return auditor().audit(p, AuditOptions.DEFAULT, Progress.NONE);
    }

    @Test
    void fixUntracksKeepsFilesAppendsOnceKeepingCrlf() throws Exception {
        Git g = Git.init(tmp.resolve("r"), tmp.resolve("home"));
        byte[] original = "# mine\r\nbuild/\r\n*.log".getBytes(StandardCharsets.UTF_8); // CRLF, no final newline
        g.write(".gitignore", original);
        g.write("pkg/m.py", "");
        g.write("pkg/__pycache__/m.cpython-312.pyc", "c");
        g.write("fixture/old.pyc", "c");
        g.write("svc/Dockerfile", "FROM python\n");
        g.write("svc/app.py", "");
        g.run("add", "-f", ".");
        g.run("commit", "-qm", "init");

        RepoAudit before = audit(g.dir());
        Fixer fixer = new Fixer(auditor());
        Fixer.Plan dry = fixer.plan(before, false);
        assertThat(dry.untrack()).containsExactly("pkg/__pycache__/m.cpython-312.pyc");
        assertThat(dry.notes()).anyMatch(n -> n.startsWith("fixture/old.pyc"));
        // a dry run changes nothing
        assertThat(Files.readAllBytes(g.dir().resolve(".gitignore"))).isEqualTo(original);

        assertThat(fixer.apply(dry)).isInstanceOf(FixResult.Applied.class);
        // the index lost the cache, the file is still there, git agrees
        assertThat(g.run("ls-files", "pkg")).isEqualTo("pkg/m.py\n");
        assertThat(g.dir().resolve("pkg/__pycache__/m.cpython-312.pyc")).exists();
        assertThat(g.run("status", "--porcelain", "pkg")).contains("D  pkg/__pycache__/m.cpython-312.pyc");
        // existing bytes untouched, the new block in the file's CRLF style under the comment
        byte[] after = Files.readAllBytes(g.dir().resolve(".gitignore"));
        String text = new String(after, StandardCharsets.UTF_8);
        assertThat(text).startsWith("# mine\r\nbuild/\r\n*.log\r\n" + Append.COMMENT + "\r\n")
                .contains("__pycache__/\r\n", "*.py[cod]\r\n", "*$py.class\r\n").doesNotContain("\r\r");
        assertThat(text.replace("\r\n", "")).doesNotContain("\n");
        assertThat(Files.readString(g.dir().resolve("svc/.dockerignore"))).contains("**/__pycache__",
                "**/*.py[cod]");

        RepoAudit second = audit(g.dir());
        assertThat(second.ignoreGaps()).isEmpty();
        assertThat(second.docker()).isEmpty();
        assertThat(second.tracked()).extracting(TrackedCache::path).containsExactly("fixture/old.pyc");
        // git's own view: the untracked cache is now ignored
        assertThat(g.checkIgnore(java.util.List.of("pkg/__pycache__/m.cpython-312.pyc"))).hasSize(1);
        Fixer.Plan again = fixer.plan(second, false);
        assertThat(again.empty()).isTrue();
        byte[] gi = Files.readAllBytes(g.dir().resolve(".gitignore"));
        fixer.apply(again);
        assertThat(Files.readAllBytes(g.dir().resolve(".gitignore"))).isEqualTo(gi);
        assertThat(g.run("log", "--oneline")).hasLineCount(1); // never commits
    }

    @Test
    void aGapKeptOpenByADeeperFileIsNotAppendedForever() throws Exception {
        Git g = Git.init(tmp.resolve("r"), tmp.resolve("home"));
        g.write(".gitignore", "__pycache__/\n*.py[cod]\n*$py.class\n!*.pyc\n");
        g.write("deep/.gitignore", "!*.pyo\n");
        g.write("m.py", "");
        g.write("deep/d.py", "");
        RepoAudit a = audit(g.dir());
        assertThat(a.ignoreGaps()).extracting(x -> x.dir() + " " + x.kind().id())
                .containsExactlyInAnyOrder(". pyc", "deep pyc", "deep pyo");
        Fixer fixer = new Fixer(auditor());
        Fixer.Plan plan = fixer.plan(a, false);
        // appending *.py[cod] again at the root overrides the root's own !*.pyc, not deep/.gitignore
        assertThat(plan.appends()).singleElement().satisfies(ap -> assertThat(ap.lines()).containsExactly("*.py[cod]"));
        assertThat(plan.notes()).anyMatch(n -> n.contains("deep/.gitignore:1:!*.pyo"));
        fixer.apply(plan);
        RepoAudit after = audit(g.dir());
        assertThat(after.ignoreGaps()).extracting(x -> x.dir() + " " + x.kind().id()).containsExactly("deep pyo");
        assertThat(fixer.plan(after, false).appends()).isEmpty();
    }

    private Git failing(String name) {
        Git g = Git.init(tmp.resolve(name), tmp.resolve("home"));
        g.write("pkg/m.py", "");
        g.write("pkg/__pycache__/m.cpython-312.pyc", "c");
        g.write("svc/Dockerfile", "FROM python\n");
        g.write("svc/app.py", "");
        g.run("add", "-f", ".");
        g.run("commit", "-qm", "init");
        return g;
    }

    @Test
    void aStaleIndexLockChangesNothing() throws Exception {
        Git g = failing("locked");
        Path index = g.dir().resolve(".git/index");
        byte[] before = Files.readAllBytes(index);
        Path lock = Files.writeString(g.dir().resolve(".git/index.lock"), "");
        Fixer fixer = new Fixer(auditor());
        Fixer.Plan plan = fixer.plan(audit(g.dir()), false);
        assertThat(plan.untrack()).isNotEmpty();
        FixResult r = fixer.apply(plan);
        assertThat(r).isInstanceOfSatisfying(FixResult.Failed.class, f -> {
            assertThat(f.reason()).contains(lock.toString());
            assertThat(f.leftChanged()).isEmpty();
        });
        assertThat(Files.readAllBytes(index)).isEqualTo(before);
        assertThat(g.dir().resolve(".gitignore")).doesNotExist();
        assertThat(g.dir().resolve("svc/.dockerignore")).doesNotExist();
        assertThat(lock).as("someone else's lock is left alone").exists();
    }

    @Test
    void aFailedAppendLeavesTheIndexAndTheOtherFilesAsTheyWere() throws Exception {
        Git g = failing("folder");
        g.write(".gitignore", "build/\n");
        Files.createDirectories(g.dir().resolve("svc/.dockerignore")); // a folder where the file should be
        Path index = g.dir().resolve(".git/index");
        byte[] before = Files.readAllBytes(index);
        Fixer fixer = new Fixer(auditor());
        Fixer.Plan plan = fixer.plan(audit(g.dir()), false);
        assertThat(plan.appends()).extracting(Append::display).containsExactly(".gitignore", "svc/.dockerignore");
        FixResult r = fixer.apply(plan);
        assertThat(r).isInstanceOfSatisfying(FixResult.Failed.class,
                f -> assertThat(f.reason()).contains(g.dir().resolve("svc/.dockerignore").toString()));
        assertThat(Files.readAllBytes(index)).as("the index is untouched").isEqualTo(before);
        assertThat(g.dir().resolve(".git/index.lock")).doesNotExist();
        assertThat(Files.readString(g.dir().resolve(".gitignore"))).as("the append already made is undone")
                .isEqualTo("build/\n");
        assertThat(g.run("status", "--porcelain", "pkg")).isEmpty();
    }

    @Test
    void aSplitIndexIsAuditedAndTheFixNamesTheConversionThatKeepsStagedWork() throws Exception {
        Git g = failing("split");
        g.run("update-index", "--split-index");
        g.write("pkg/n.py", "");
        g.run("add", "pkg/n.py");
        RepoAudit a = audit(g.dir());
        assertThat(a.tracked()).extracting(TrackedCache::path).containsExactly("pkg/__pycache__/m.cpython-312.pyc");
        Fixer fixer = new Fixer(auditor());
        FixResult r = fixer.apply(fixer.plan(a, false));
        assertThat(r).isInstanceOfSatisfying(FixResult.Failed.class,
                f -> assertThat(f.reason()).contains("git update-index --no-split-index").doesNotContain("rm "));
        assertThat(g.dir().resolve(".gitignore")).doesNotExist();
        g.run("update-index", "--no-split-index");
        assertThat(fixer.apply(fixer.plan(audit(g.dir()), false))).isInstanceOf(FixResult.Applied.class);
        assertThat(g.run("status", "--porcelain", "pkg")).contains("A  pkg/n.py", "D  pkg/__pycache__/");
    }
}
