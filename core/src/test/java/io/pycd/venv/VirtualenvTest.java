package io.pycd.venv;

import static org.assertj.core.api.Assertions.assertThat;

import io.pycd.testing.TestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VirtualenvTest {

    @TempDir
    Path dir;

    @Test
    void pyvenvCfgOfVenvVirtualenvAndUv() throws Exception {
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

    @Test
    void aPathIsHeldByTheNearestFolderWithPyvenvCfg() throws Exception {
        TestFiles.write(dir.resolve("outer/pyvenv.cfg"), "version = 3.11.7\n");
        Path inner = dir.resolve("outer/lib/python3.11/site-packages/pkg/mod.py");
        TestFiles.write(inner, "x = 1\n");
        assertThat(Virtualenv.holding(inner)).hasValueSatisfying(v -> {
            assertThat(v.dir()).isEqualTo(dir.resolve("outer"));
            assertThat(v.python()).isEqualTo(dir.resolve("outer/bin/python"));
            assertThat(v.cfg().orElseThrow().version()).isEqualTo("3.11.7");
        });
        assertThat(Virtualenv.holding(dir.resolve("outer"))).isPresent();
        assertThat(Virtualenv.holding(dir.resolve("elsewhere"))).isEmpty();
        Files.createSymbolicLink(dir.resolve("link.cfg"), dir.resolve("outer/pyvenv.cfg"));
        Files.createDirectories(dir.resolve("fake"));
        Files.createSymbolicLink(dir.resolve("fake/pyvenv.cfg"), dir.resolve("outer/pyvenv.cfg"));
        assertThat(Virtualenv.at(dir.resolve("fake"))).as("a symlinked pyvenv.cfg makes no virtualenv").isEmpty();
    }
}
