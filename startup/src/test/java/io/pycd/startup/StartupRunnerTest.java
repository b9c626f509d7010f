package io.pycd.startup;

import static org.assertj.core.api.Assertions.assertThat;

import io.pycd.interpreter.Interpreter;
import io.pycd.testing.Processes;
import io.pycd.testing.Py;
import io.pycd.testing.TestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command runs as it would without pycd: its output, exit code, tracebacks and sitecustomize are its own. */
class StartupRunnerTest {

    @TempDir
    Path tmp;

    /** The command run without pycd, in the same environment. */
    private static Processes.Run plain(Path dir, Map<String, String> changes, List<String> command) {
        Map<String, String> env = new HashMap<>(changes);
        Runs.UNSET.forEach(name -> env.putIfAbsent(name, null));
        return Processes.exec(command, dir, env, "");
    }

    @Test
    void outputAndExitCodePassThroughUnchanged() {
        Interpreter python = Py.get("3.12");
        TestFiles.write(tmp.resolve("app.py"), "import sys, json\nprint('to stdout', json.dumps([1]))\n"
                + "print('to stderr', file=sys.stderr)\nsys.exit(3)\n");
        List<String> command = List.of(python.executable().toString(), "app.py");
        Processes.Run without = plain(tmp, Map.of(), command);

        Runs.Captured with = Runs.run(tmp, command);
        assertThat(with.observed().exitCode()).isEqualTo(3).isEqualTo(without.exit());
        assertThat(with.out()).isEqualTo(without.out()).isEqualTo("to stdout [1]\n");
        assertThat(with.err()).isEqualTo(without.err()).isEqualTo("to stderr\n");
        assertThat(with.observed().seconds()).isPositive();
    }

    @Test
    void aTracebackThroughAnImportIsTheSameAsWithoutPycd() {
        Interpreter python = Py.get("3.12");
        TestFiles.write(tmp.resolve("boom.py"), "import json\n\ndef f():\n    raise ValueError('boom')\n\nf()\n");
        TestFiles.write(tmp.resolve("syntax.py"), "def f(:\n    pass\n");
        for (String module : List.of("boom", "syntax")) {
            List<String> command = List.of(python.executable().toString(), "-c", "import " + module);
            Processes.Run without = plain(tmp, Map.of(), command);
            Runs.Captured with = Runs.run(tmp, command);
            assertThat(with.err()).as(module).isEqualTo(without.err()).contains("Traceback");
            assertThat(with.observed().exitCode()).isEqualTo(without.exit()).isEqualTo(1);
        }
    }

    @Test
    void theEnvironmentsOwnSitecustomizeStillRuns() {
        Interpreter python = Py.get("3.12");
        Path site = tmp.resolve("site");
        TestFiles.write(site.resolve("sitecustomize.py"), "import sys\nsys.stderr.write('their sitecustomize\\n')\n"
                + "MARK = 42\n");
        TestFiles.write(site.resolve("helper.py"), "Y = 1\n");
        List<String> command = List.of(python.executable().toString(), "-c",
                "import sitecustomize, sys, helper; print(sitecustomize.MARK, sitecustomize.__file__);"
                        + " print([p for p in sys.path if 'hook-' in p])");
        Map<String, String> env = Map.of("PYTHONPATH", site.toString());
        Processes.Run without = plain(tmp, env, command);

        Runs.Captured with = Runs.run(tmp, env, command);
        assertThat(with.err()).isEqualTo(without.err()).isEqualTo("their sitecustomize\n");
        assertThat(with.out()).isEqualTo(without.out()).startsWith("42 " + site.resolve("sitecustomize.py"))
                .endsWith("[]\n");
        // the run without pycd cached it
        assertThat(with.profile().fromCache()).extracting(CachedModule::module).contains("helper");
    }

    @Test
    void aCommandThatCannotStartIsSaidSo() {
        Runs.Captured run = Runs.run(tmp, List.of(tmp.resolve("no-such-python").toString(), "-c", "pass"));
        assertThat(run.outcome()).isInstanceOfSatisfying(RunOutcome.CouldNotStart.class,
                c -> assertThat(c.message()).isEqualTo("No such file or directory"));
    }

    @Test
    void isolatedModeIgnoresTheHookAndIsUnobservedWithItsExitCode() {
        Interpreter python = Py.get("3.12");
        for (String flag : List.of("-I", "-E", "-S")) {
            Runs.Captured run = Runs.run(tmp, List.of(python.executable().toString(), flag, "-c",
                    "import json; raise SystemExit(4)"));
            assertThat(run.outcome()).as(flag).isEqualTo(new RunOutcome.Unobserved(4,
                    ((RunOutcome.Unobserved) run.outcome()).seconds()));
        }
        Runs.Captured notPython = Runs.run(tmp, List.of("/bin/sh", "-c", "echo hi; exit 5"));
        assertThat(notPython.outcome()).isInstanceOfSatisfying(RunOutcome.Unobserved.class,
                u -> assertThat(u.exitCode()).isEqualTo(5));
        assertThat(notPython.out()).isEqualTo("hi\n");
    }

    @Test
    void everyPythonProcessTheCommandStartsReports() {
        Interpreter py312 = Py.get("3.12");
        Interpreter py311 = Py.get("3.11");
        TestFiles.write(tmp.resolve("child_mod.py"), "C = 1\n");
        TestFiles.write(tmp.resolve("parent_mod.py"), "P = 1\n");
        StartupProfile profile = Runs.run(tmp, List.of(py312.executable().toString(), "-c",
                "import subprocess, parent_mod, os\n"
                        + "subprocess.run(['" + py311.executable() + "', '-c', 'import child_mod'], check=True)\n"
                        + "if os.fork() == 0:\n    import json\n    os._exit(0)\nos.wait()\n")).profile();
        assertThat(profile.processes()).extracting(PythonProcess::cacheTag)
                .containsExactlyInAnyOrder("cpython-312", "cpython-311", "cpython-312");
        assertThat(profile.compiled()).filteredOn(m -> m.module().equals("child_mod"))
                .singleElement().satisfies(m -> assertThat(m.process().cacheTag()).isEqualTo("cpython-311"));
        assertThat(profile.compiled()).filteredOn(m -> m.module().equals("parent_mod"))
                .singleElement().satisfies(m -> assertThat(m.process().cacheTag()).isEqualTo("cpython-312"));
    }

    @Test
    void aVirtualenvsConsoleScriptWithAShebangIsObserved() throws Exception {
        Interpreter python = Py.get("3.12");
        Path venv = tmp.resolve("venv");
        Path venvPython = Venvs.create(python, venv);
        Path site = Venvs.sitePackages(venvPython);
        Venvs.copyPackage(python, "pip", site);
        // what pip writes as a console script's launcher
        Path script = TestFiles.write(venv.resolve("bin/pip"), "#!" + venvPython + "\nimport re\nimport sys\n"
                + "from pip._internal.cli.main import main\nif __name__ == '__main__':\n"
                + "    sys.argv[0] = re.sub(r'(-script\\.pyw|\\.exe)?$', '', sys.argv[0])\n    sys.exit(main())\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));

        Runs.Captured run = Runs.run(tmp, List.of(script.toString(), "--version"));
        assertThat(run.out()).startsWith("pip ");
        assertThat(run.observed().exitCode()).isZero();
        StartupProfile profile = run.profile();
        assertThat(profile.processes()).singleElement().satisfies(p -> assertThat(p.executable()).isEqualTo(venvPython));
        assertThat(profile.compiled()).hasSizeGreaterThan(50).allSatisfy(m -> {
            assertThat(m.source()).startsWith(site);
            assertThat(m.reason()).isEqualTo(Reason.NO_CACHE);
        });
        assertThat(profile.compiled()).extracting(CompiledModule::module).contains("pip._internal.cli.main");
        assertThat(profile.compileSeconds()).isPositive().isLessThan(profile.importSeconds());
    }

    @Test
    void oddFileNamesSurviveTheReport() {
        Interpreter python = Py.get("3.12");
        Path odd = tmp.resolve("we\"ird \\ dir\nwith \u00fcml\u00e4ut");
        TestFiles.write(odd.resolve("odd_mod.py"), "X = 1\n");
        // a folder whose name is not valid UTF-8, which Java cannot name: made and used by Python
        String notUtf8 = "import os, sys; d = os.fsdecode(b'" + tmp + "/bad\\xff'); os.makedirs(d, exist_ok=True);"
                + " open(os.path.join(d, 'bad_mod.py'), 'w').write('Y = 2\\n'); sys.path.insert(0, d);";
        Runs.Captured run = Runs.run(tmp, List.of(python.executable().toString(), "-c", notUtf8
                + " sys.path.insert(0, " + pythonString(odd.toString()) + "); import bad_mod, odd_mod"));
        assertThat(run.err()).isEmpty();
        assertThat(run.profile().compiled()).extracting(CompiledModule::module).containsExactly("odd_mod");
        assertThat(run.profile().compiled().get(0).source()).isEqualTo(odd.resolve("odd_mod.py"));
    }

    /** A Python string literal for {@code s} (escapes, no quoting trouble). */
    private static String pythonString(String s) {
        StringBuilder b = new StringBuilder("'");
        for (char c : s.toCharArray()) {
            b.append(c < 0x80 && c >= 0x20 && c != '\'' && c != '\\' ? String.valueOf(c)
                    : String.format("\\u%04x", (int) c));
        }
        return b.append('\'').toString();
    }
}
