package io.pycd.git.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pycd.git.GitEnvironment;
import io.pycd.git.GitRepo;
import io.pycd.testing.Git;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The index as {@code git ls-files} lists it, whatever form git wrote it in. */
class TrackedFilesTest {

    @TempDir
    Path tmp;

    @BeforeAll
    static void needGit() {
        assumeTrue(Git.available(), "git is not installed");
    }

    private Git repo(String name) {
        Git g = Git.init(tmp.resolve(name), tmp.resolve("home"));
        for (int i = 0; i < 12; i++) {
            g.write("a/m" + i + ".py", "x = " + i + "\n");
            g.write("b/__pycache__/n" + i + ".cpython-312.pyc", "c" + i);
            g.write("b/n" + i + ".py", "y = " + i + "\n");
        }
        g.run("add", "-f", ".");
        g.run("commit", "-qm", "init");
        return g;
    }

    private List<String> ours(Git g) throws Exception {
        GitRepo r = GitRepo.locate(g.dir(), GitEnvironment.isolated(tmp.resolve("home")));
        return TrackedFiles.fromIndex(r).entries().stream().map(TrackedFiles.Entry::path).toList();
    }

    private static List<String> lsFiles(Git g) {
        List<String> out = new ArrayList<>();
        for (String p : g.run("-c", "core.quotepath=off", "ls-files", "-z").split("\0")) {
            if (!p.isEmpty()) {
                out.add(p);
            }
        }
        return out;
    }

    private static boolean holds(Path index, String extension) throws Exception {
        return new String(Files.readAllBytes(index), StandardCharsets.ISO_8859_1).contains(extension);
    }

    @Test
    void aSplitIndexIsReadWithItsSharedIndex() throws Exception {
        Git g = repo("split");
        g.run("update-index", "--split-index");
        // staged work on top of the shared index: entries added, removed, and replaced (changed content)
        g.write("a/new.py", "n = 1\n");
        g.write("a/m3.py", "x = 'changed'\n");
        g.write("b/n5.py", "y = 'changed'\n");
        g.run("add", "a/new.py", "a/m3.py", "b/n5.py");
        g.run("rm", "-q", "--cached", "a/m7.py", "b/__pycache__/n2.cpython-312.pyc");
        Path index = g.dir().resolve(".git/index");
        assertThat(holds(index, "link")).as("git wrote a split index").isTrue();
        assertThat(ours(g)).containsExactlyElementsOf(lsFiles(g)).contains("a/new.py")
                .doesNotContain("a/m7.py", "b/__pycache__/n2.cpython-312.pyc");
    }

    @Test
    void aSparseIndexListsTheFilesOfItsFolderEntries() throws Exception {
        Git g = repo("sparse");
        g.run("sparse-checkout", "init", "--cone", "--sparse-index");
        g.run("sparse-checkout", "set", "a");
        Path index = g.dir().resolve(".git/index");
        assertThat(holds(index, "sdir")).as("git wrote a sparse index").isTrue();
        assertThat(Files.exists(g.dir().resolve("b"))).isFalse();
        assertThat(ours(g)).containsExactlyElementsOf(lsFiles(g)).contains("b/__pycache__/n0.cpython-312.pyc");
    }
}
