package io.pycd.config;

import io.pycd.testing.TestFiles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pycd.cache.InvalidationMode;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectConfigTest {

    @TempDir
    Path tmp;

    @Test
    void readsTheNearestPyprojectAbove() throws Exception {
        TestFiles.write(tmp.resolve("pyproject.toml"), "[project]\nname = 'x'\n\n[tool.pycd]\npythons = ['python3.12', "
                + "'.venv/bin/python']\noptimize = [0, 2]\ninvalidation-mode = 'checked-hash'\nexclude = ['build']\n"
                + "jobs = 3\npycache-prefix = 'cache'\n");
        Path deep = tmp.resolve("src/pkg");
        java.nio.file.Files.createDirectories(deep);
        ProjectConfig c = ProjectConfig.find(deep);
        assertThat(c.file()).contains(tmp.resolve("pyproject.toml"));
        assertThat(c.root()).isEqualTo(tmp);
        assertThat(c.pythons()).containsExactly("python3.12", tmp.resolve(".venv/bin/python").toString());
        assertThat(c.optimize()).containsExactly(0, 2);
        assertThat(c.invalidationMode()).contains(InvalidationMode.CHECKED_HASH);
        assertThat(c.exclude()).containsExactly("build");
        assertThat(c.jobs()).contains(3);
        assertThat(c.pycachePrefix()).contains(tmp.resolve("cache"));
    }

    @Test
    void malformedTomlNamesFileAndLine() {
        Path f = TestFiles.write(tmp.resolve("pyproject.toml"), "[project]\nname = 'x'\n[tool.pycd\npythons = 1\n");
        assertThatThrownBy(() -> ProjectConfig.find(tmp)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(f + ":3");
    }

    @Test
    void wrongValuesNameFileAndLine() {
        Path f = TestFiles.write(tmp.resolve("pyproject.toml"), "[tool.pycd]\n\noptimize = 3\n");
        assertThatThrownBy(() -> ProjectConfig.load(f)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(f + ":3");
        TestFiles.write(f, "[tool.pycd]\nunknown = 1\n");
        assertThatThrownBy(() -> ProjectConfig.load(f)).hasMessageStartingWith(f + ":2").hasMessageContaining("unknown");
        TestFiles.write(f, "[tool.pycd]\ninvalidation-mode = 'sometimes'\n");
        assertThatThrownBy(() -> ProjectConfig.load(f)).hasMessageStartingWith(f + ":2");
    }

    @Test
    void storeAndItsLimit() throws Exception {
        Path f = TestFiles.write(tmp.resolve("pyproject.toml"), "[tool.pycd]\nstore = false\nstore-max-size = '2G'\n");
        ProjectConfig c = ProjectConfig.load(f);
        assertThat(c.store()).contains(false);
        assertThat(c.storeMaxSize()).contains(2L << 30);
        TestFiles.write(f, "[tool.pycd]\nstore-max-size = 1000000\n");
        assertThat(ProjectConfig.load(f).storeMaxSize()).contains(1_000_000L);
        assertThat(ProjectConfig.load(f).store()).isEmpty();
        TestFiles.write(f, "[tool.pycd]\n\nstore-max-size = 'huge'\n");
        assertThatThrownBy(() -> ProjectConfig.load(f)).hasMessageStartingWith(f + ":3")
                .hasMessageContaining("'huge' is not a size");
        TestFiles.write(f, "[tool.pycd]\nstore = 'no'\n");
        assertThatThrownBy(() -> ProjectConfig.load(f)).hasMessageStartingWith(f + ":2")
                .hasMessageContaining("store must be true or false");
    }

    @Test
    void noFileMeansDefaults() throws Exception {
        ProjectConfig c = ProjectConfig.find(tmp);
        assertThat(c.file()).isEqualTo(Optional.empty());
        assertThat(c.pythons()).isEqualTo(List.of());
    }
}
