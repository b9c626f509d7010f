package io.pycd.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pycd.testing.TestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigMemoTest {

    @TempDir
    Path tmp;

    static final String EVERY_KEY = """
            [project]
            name = "x"
            requires-python = ">=3.9"

            [tool.pycd]
            pythons = ["python3.11", ".venv/bin/python", ""]
            optimize = [0, 2]
            invalidation-mode = "checked-hash"
            exclude = ["build", "a\\tb", "back\\\\slash", ""]
            jobs = 4
            pycache-prefix = "cache dir"
            keep-versions = ["3.9"]
            respect-gitignore = false
            store = true
            store-max-size = "2G"
            """;

    private Path memoFile() {
        return tmp.resolve("memo/projects.tsv");
    }

    @Test
    void aFileReadBeforeComesFromTheMemoAsItWasParsed() throws Exception {
        Path project = TestFiles.write(tmp.resolve("p/pyproject.toml"), EVERY_KEY);
        ProjectConfig parsed = ProjectConfig.load(project);
        ConfigMemo memo = ConfigMemo.at(memoFile());
        assertThat(ProjectConfig.find(project.getParent(), memo)).isEqualTo(parsed);
        assertThat(memoFile()).exists();
        assertThat(ProjectConfig.find(project.getParent().resolve("sub/dir"), memo)).as("from the memo")
                .isEqualTo(parsed);

        // Proof that the second read came from the memo: what the memo says wins while the file's bytes are the same.
        String text = Files.readString(memoFile());
        Files.writeString(memoFile(), text.replace("\t=4\t", "\t=7\t"));
        assertThat(ProjectConfig.find(project.getParent(), memo).jobs()).contains(7);
    }

    @Test
    void newBytesOfTheSameSizeAreParsedAgain() throws Exception {
        Path project = TestFiles.write(tmp.resolve("p/pyproject.toml"), EVERY_KEY);
        ConfigMemo memo = ConfigMemo.at(memoFile());
        assertThat(ProjectConfig.find(project, memo).jobs()).contains(4);
        Files.writeString(project, EVERY_KEY.replace("jobs = 4", "jobs = 5"));
        assertThat(ProjectConfig.find(project, memo).jobs()).contains(5);
        assertThat(ProjectConfig.find(project, memo).jobs()).contains(5);
    }

    @Test
    void aFileWithAnErrorIsNeverRememberedSoItsErrorIsToldEveryTime() throws Exception {
        Path project = TestFiles.write(tmp.resolve("p/pyproject.toml"), "[tool.pycd]\njobs = \"four\"\n");
        ConfigMemo memo = ConfigMemo.at(memoFile());
        for (int run = 0; run < 2; run++) {
            assertThatThrownBy(() -> ProjectConfig.find(project, memo)).isInstanceOf(ConfigException.class)
                    .hasMessage(project + ":2:1: jobs must be a whole number from 1 to 1024");
        }
        assertThat(memoFile()).doesNotExist();
        Files.writeString(project, "[tool.pycd\n");
        assertThatThrownBy(() -> ProjectConfig.find(project, memo)).hasMessageStartingWith(project + ":1:")
                .hasMessageContaining("invalid TOML");
    }

    @Test
    void aDamagedOrForeignMemoMeansParsing() throws Exception {
        Path project = TestFiles.write(tmp.resolve("p/pyproject.toml"), EVERY_KEY);
        ProjectConfig parsed = ProjectConfig.load(project);
        ConfigMemo memo = ConfigMemo.at(memoFile());
        ProjectConfig.find(project, memo);
        String text = Files.readString(memoFile());
        Files.writeString(memoFile(), text.replace("\t=true\t", "\tyes\t"));
        assertThat(ProjectConfig.find(project, memo)).isEqualTo(parsed);
        Files.writeString(memoFile(), "pycd-projects 0\n" + text.substring(text.indexOf('\n') + 1));
        assertThat(ProjectConfig.find(project, memo)).isEqualTo(parsed);
        Files.writeString(memoFile(), "\u0000garbage");
        assertThat(ProjectConfig.find(project, memo)).isEqualTo(parsed);
    }

    @Test
    void itKeepsTheMostRecentlyReadFiles() throws Exception {
        ConfigMemo memo = ConfigMemo.at(memoFile());
        for (int i = 0; i <= ConfigMemo.KEPT; i++) {
            ProjectConfig.find(TestFiles.write(tmp.resolve("p" + i + "/pyproject.toml"), "[project]\nname = 'x'\n"),
                    memo);
        }
        List<String> lines = Files.readAllLines(memoFile());
        assertThat(lines).hasSize(1 + ConfigMemo.KEPT);
        assertThat(lines.get(1)).startsWith(tmp.resolve("p" + ConfigMemo.KEPT + "/pyproject.toml") + "\t");
        assertThat(String.join("\n", lines)).doesNotContain(tmp.resolve("p0/pyproject.toml").toString());
    }
}
