package io.pycd.interpreter;

import static org.assertj.core.api.Assertions.assertThat;

import io.pycd.environment.Environment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InterpreterDiscoveryTest {

    @TempDir
    Path tmp;

    @Test
    void versionsAreOrderedByTheirNumbers() {
        List<String> names = new ArrayList<>(List.of("python3.10", "python3", "python2.7", "python3.9", "python3.13t",
                "python3.13", "python", "3.12.1", "3.9.18", "3.12.10", "system", "3.12.1a", "pypy3.10-7.3.17",
                "99999999999999999999999.1", "3.12"));
        names.sort(InterpreterDiscovery.VERSION_AWARE);
        assertThat(names).containsExactly("3.9.18", "3.12", "3.12.1", "3.12.1a", "3.12.10",
                "99999999999999999999999.1", "pypy3.10-7.3.17", "python", "python2.7", "python3", "python3.9",
                "python3.10", "python3.13", "python3.13t", "system");
    }

    /**
     * Only the names that are interpreters' are candidates, in version order, from every PATH entry (the same folder
     * twice, as /bin and /usr/bin, is listed twice: downstream keeps one per executable), then pyenv's versions.
     */
    @Test
    void theCandidatesAreThePythonNamesOfEachPathEntryThenPyenvsVersions() throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("usr/bin"));
        for (String name : List.of("python3.10", "python3", "python3.9", "python3-config", "python3.9-config",
                "pythonw", "python2", "ls", "pip3", "python3.13t")) {
            Files.writeString(bin.resolve(name), "");
        }
        Files.createSymbolicLink(tmp.resolve("bin"), bin);
        Path versions = Files.createDirectories(tmp.resolve("pyenv/versions"));
        for (String v : List.of("3.12.1", "3.9.18")) {
            Path b = Files.createDirectories(versions.resolve(v).resolve("bin"));
            String minor = v.substring(0, v.lastIndexOf('.'));
            Files.writeString(b.resolve("python" + minor), "");
            Files.writeString(b.resolve("python3"), "");
        }
        Environment env = Environment.of(Map.of("PATH", bin + ":" + tmp.resolve("missing") + ":" + tmp.resolve("bin"),
                "PYENV_ROOT", tmp.resolve("pyenv").toString()), tmp, tmp.resolve("home"));
        List<String> found = new ArrayList<>();
        for (InterpreterDiscovery.Candidate c : new InterpreterDiscovery(Interpreters.of(env)).onThisMachine()) {
            found.add(tmp.relativize(c.command()) + " " + c.place().label());
        }
        assertThat(found).containsExactly("usr/bin/python2 PATH", "usr/bin/python3 PATH", "usr/bin/python3.9 PATH",
                "usr/bin/python3.10 PATH", "bin/python2 PATH", "bin/python3 PATH", "bin/python3.9 PATH",
                "bin/python3.10 PATH", "pyenv/versions/3.9.18/bin/python3.9 pyenv",
                "pyenv/versions/3.12.1/bin/python3.12 pyenv");
    }
}
