package io.pycd.cleaner.keep;

import static org.assertj.core.api.Assertions.assertThat;

import io.pycd.config.RequiresPython;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeepSetTest {

    @Test
    void inferredVersionsOutsideRequiresPythonAreRefusedExplicitOnesKept() {
        KeepSet keep = new KeepSet.Builder(Optional.of(RequiresPython.parse(">=3.10")))
                .inferred("cpython-38", "3.8.18", "virtualenv .venv")
                .inferred("cpython-311", "3.11.7", "virtualenv .tox/py311")
                .explicit("cpython-39", "keep-version 3.9")
                .build();
        assertThat(keep.keeps("cpython-311")).isTrue();
        assertThat(keep.keeps("cpython-39")).isTrue();
        assertThat(keep.keeps("cpython-38")).isFalse();
        assertThat(keep.refused()).containsKey("cpython-38");
    }

    @Test
    void pyvenvCfgOfVenvVirtualenvAndUv(@TempDir Path dir) throws Exception {
        Path venv = Files.createDirectories(dir.resolve("venv"));
        Files.writeString(venv.resolve("pyvenv.cfg"), "home = /usr/bin\ninclude-system-site-packages = false\nversion = 3.12.1\n");
        assertThat(PyvenvCfg.read(venv)).hasValueSatisfying(c -> assertThat(c.tag().toString()).isEqualTo("cpython-312"));
        Path virtualenv = Files.createDirectories(dir.resolve("ve"));
        Files.writeString(virtualenv.resolve("pyvenv.cfg"), "home = /x\nimplementation = PyPy\nversion_info = 3.9.18.final.0\n");
        assertThat(PyvenvCfg.read(virtualenv)).hasValueSatisfying(c -> assertThat(c.tag().toString()).isEqualTo("pypy39"));
        Path none = Files.createDirectories(dir.resolve("none"));
        Files.writeString(none.resolve("pyvenv.cfg"), "home = /x\n");
        assertThat(PyvenvCfg.read(none)).isEmpty();
    }
}
