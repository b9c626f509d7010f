package io.pycd.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pycd.environment.Environment;
import io.pycd.interpreter.InstallPaths;
import io.pycd.interpreter.InterpreterException;
import io.pycd.interpreter.Interpreters;
import io.pycd.testing.Processes;
import io.pycd.testing.Pythons;
import io.pycd.testing.TestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --env against a real virtualenv: its interpreter, its sysconfig paths, its editable installs. */
class PythonEnvTest {

    @TempDir
    static Path shared;

    static Path venv;
    static Path site;

    @TempDir
    Path tmp;

    @BeforeAll
    static void makeVenv() {
        Path python = Pythons.require("3.12");
        venv = shared.resolve("venv");
        Processes.exec(List.of(python.toString(), "-m", "venv", "--without-pip", venv.toString())).ok();
        site = Path.of(Processes.exec(List.of(venv.resolve("bin/python").toString(), "-I", "-c",
                "import sysconfig; print(sysconfig.get_paths()['purelib'])")).ok().out().strip());
    }

    private Interpreters interpreters() {
        return new Interpreters(tmp.resolve("facts.tsv"), Environment.of(System.getenv(), tmp, tmp.resolve("home")));
    }

    @Test
    void aVirtualenvIsItsInterpreterItsSitePackagesAndItsEditableSources() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("proj/src"));
        TestFiles.write(site.resolve("__editable__.proj-0.1.pth"), src + "\n");
        TestFiles.write(site.resolve("inside.pth"), site.resolve("sub") + "\n");
        Files.createDirectories(site.resolve("sub"));
        TestFiles.write(site.resolve("above.pth"), venv + "\n");
        try {
            PythonEnv env = PythonEnv.resolve(venv.toString(), false, interpreters(), tmp);
            assertThat(env.interpreter().executable()).isEqualTo(venv.resolve("bin/python"));
            assertThat(env.interpreter().cacheTag()).isEqualTo("cpython-312");
            assertThat(env.virtualenv()).contains(venv);
            assertThat(env.sitePackages()).containsExactly(site);
            assertThat(env.editable()).as("inside site-packages, or holding it: not walked twice").containsExactly(src);
            assertThat(env.stdlib()).isEmpty();
            assertThat(env.roots()).containsExactly(site, src);
            assertThat(env.holds(site.resolve("pkg/m.py"))).isTrue();
            assertThat(env.holds(tmp.resolve("elsewhere.py"))).isFalse();
        } finally {
            Files.delete(site.resolve("__editable__.proj-0.1.pth"));
            Files.delete(site.resolve("inside.pth"));
            Files.delete(site.resolve("above.pth"));
        }
    }

    @Test
    void theProbeAnswersWhatSysconfigSaysAndTheStdlibComesWithIt() throws Exception {
        Path python = Pythons.require("3.12");
        String[] expected = Processes.exec(List.of(python.toString(), "-I", "-c", "import sysconfig; p = "
                + "sysconfig.get_paths(); print(p['stdlib']); print(p['platstdlib']); print(p['purelib']); "
                + "print(p['platlib'])")).ok().out().strip().split("\n");
        InstallPaths paths = interpreters().installPaths(python);
        assertThat(paths).isEqualTo(new InstallPaths(Path.of(expected[0]), Path.of(expected[1]), Path.of(expected[2]),
                Path.of(expected[3])));
        PythonEnv env = PythonEnv.resolve(python.toString(), true, interpreters(), tmp);
        assertThat(env.virtualenv()).isEmpty();
        assertThat(env.stdlib()).containsExactly(Path.of(expected[0]));
        assertThat(env.sitePackages()).containsExactly(Path.of(expected[2]));
        assertThat(interpreters().installPaths(python)).as("remembered").isEqualTo(paths);
    }

    @Test
    void whatIsNoEnvironmentSaysWhy() throws Exception {
        Path plain = Files.createDirectories(tmp.resolve("plain"));
        assertThatThrownBy(() -> PythonEnv.resolve("plain", false, interpreters(), tmp))
                .isInstanceOf(InterpreterException.class).hasMessageContaining("neither a virtualenv");
        TestFiles.write(plain.resolve("pyvenv.cfg"), "version = 3.12.1\n");
        assertThatThrownBy(() -> PythonEnv.resolve(plain.toString(), false, interpreters(), tmp))
                .isInstanceOf(InterpreterException.class).hasMessageContaining("bin/python");
        assertThatThrownBy(() -> PythonEnv.resolve("python9.9", false, interpreters(), tmp))
                .isInstanceOf(InterpreterException.class).hasMessageContaining("python9.9");
    }
}
