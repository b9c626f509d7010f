package io.pycd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pycd.testing.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CdsTrainingTest {

    /**
     * The training lays a repository out by hand (the build machine may have no git): git itself must take it for a
     * repository with a working tree, and read its index.
     */
    @Test
    void theRepositoryAndIndexWrittenByHandAreOnesGitReads(@TempDir Path dir) throws Exception {
        CdsTraining.gitRepository(dir);
        Processes.Run bare = Processes.exec(List.of("git", "-C", dir.toString(), "rev-parse", "--is-bare-repository"));
        assertThat(bare.exit()).as(bare.err()).isZero();
        assertThat(bare.out().strip()).isEqualTo("false");
        assertThat(Processes.exec(List.of("git", "-C", dir.toString(), "config", "core.repositoryformatversion")).out()
                .strip()).isEqualTo("0");
        Files.write(dir.resolve(".git/index"), CdsTraining.gitIndex("pkg/__pycache__/mod.cpython-312.pyc", "pkg/mod.py"));
        Processes.Run listed = Processes.exec(List.of("git", "-C", dir.toString(), "ls-files", "-s"));
        assertThat(listed.exit()).as(listed.err()).isZero();
        assertThat(listed.out().lines().toList()).containsExactly(
                "100644 0000000000000000000000000000000000000000 0\tpkg/__pycache__/mod.cpython-312.pyc",
                "100644 0000000000000000000000000000000000000000 0\tpkg/mod.py");
    }
}
