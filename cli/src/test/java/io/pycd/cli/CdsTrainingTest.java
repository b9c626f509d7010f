package io.pycd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pycd.config.ProjectConfig;
import io.pycd.testing.Processes;
import io.pycd.testing.Pythons;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CdsTrainingTest {

    /** The training's pyproject.toml is one Python reads, and one pycd takes without an error. */
    @Test
    void thePyprojectIsValidTomlAndAValidConfiguration(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("pyproject.toml"), CdsTraining.PYPROJECT);
        Processes.Run python = Processes.exec(List.of(Pythons.require("3.12").toString(), "-I", "-c",
                "import sys, tomllib; d = tomllib.load(open(sys.argv[1], 'rb')); "
                        + "print(d['tool']['tox']['env_run_base']['commands'][0][2]['default'], "
                        + "repr(d['tool']['tox']['env_run_base']['env']['PYTHONWARNINGS']))", file.toString()));
        assertThat(python.exit()).as(python.err()).isZero();
        assertThat(python.out().strip()).isEqualTo("[] 'error'");
        ProjectConfig config = ProjectConfig.load(file);
        assertThat(config.exclude()).containsExactly("build");
        assertThat(config.requiresPython()).isPresent();
    }

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
