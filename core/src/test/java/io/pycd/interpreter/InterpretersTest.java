package io.pycd.interpreter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pycd.environment.Environment;
import io.pycd.testing.Py;
import io.pycd.testing.Pythons;
import io.pycd.testing.TestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which interpreter pycd picks, and that its facts are cached on disk. Real interpreters and a real venv. */
class InterpretersTest {

    @TempDir
    static Path shared;

    static Path venv;

    @TempDir
    Path tmp;

    @BeforeAll
    static void makeVenv() {
        Interpreter python = Py.get("3.12");
        venv = shared.resolve("venv");
        Py.run(python, List.of("-m", "venv", "--without-pip", venv.toString())).ok();
    }

    private Interpreters fresh(Map<String, String> env, Path cwd) {
        return new Interpreters(tmp.resolve("facts.tsv"),
                Environment.of(env, cwd, Path.of(System.getProperty("user.home"))));
    }

    private Map<String, String> env(String path) {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", path);
        env.put("HOME", System.getProperty("user.home"));
        return env;
    }

    @Test
    void aPyenvShimResolvesToTheRealInterpreter() throws Exception {
        Interpreter i = fresh(System.getenv(), tmp).resolve("python3.12");
        assertThat(i.version()).startsWith("3.12.");
        assertThat(i.cacheTag()).isEqualTo("cpython-312");
        assertThat(i.executable().toString()).doesNotContain("/shims/");
        assertThat(Files.isExecutable(i.executable())).isTrue();
        String magic = Py.run(i, List.of("-I", "-c", "import importlib.util as u; print(u.MAGIC_NUMBER.hex())")).ok()
                .out().strip();
        assertThat(i.magicHex()).isEqualTo(magic);
    }

    @Test
    void anInterpreterOfAVersionPycdDoesNotTargetIsNamedByThatVersion() throws Exception {
        Pythons.Old python2 = Pythons.findUnsupported("2.7").orElse(null);
        assumeTrue(python2 != null, "no Python 2.7 on this machine");
        String refusal = python2.version() + " is not supported (pycd needs 3.6 or newer)";
        // By name: on PATH a pyenv shim refuses to run it, then pyenv's versions folder has it; the message names
        // it as the user did.
        assertThatThrownBy(() -> fresh(System.getenv(), tmp).resolve("python2.7"))
                .isInstanceOf(UnsupportedInterpreterException.class).hasMessage("python2.7: " + refusal);
        // By path, and again from the remembered facts, without starting it.
        Path log = tmp.resolve("probes.log");
        Path wrapper = Pythons.loggingWrapper(python2.executable(), tmp, log, "");
        for (int run = 0; run < 2; run++) {
            assertThatThrownBy(() -> fresh(System.getenv(), tmp).resolve(wrapper))
                    .isInstanceOf(UnsupportedInterpreterException.class).hasMessage(wrapper + ": " + refusal);
        }
        assertThat(TestFiles.lines(log)).as("the probe and -V, once").hasSize(2);
    }

    @Test
    void factsAreCachedOnDiskAndReprobedWhenTheFileChanges() throws Exception {
        Path log = tmp.resolve("probes.log");
        Interpreter wrapped = Py.logging(Py.get("3.13"), tmp, log, "");
        Path wrapper = wrapped.executable();
        Interpreter first = fresh(System.getenv(), tmp).resolve(wrapper);
        assertThat(first.cacheTag()).isEqualTo("cpython-313");
        assertThat(TestFiles.lines(log)).hasSize(1);
        assertThat(tmp.resolve("facts.tsv")).isRegularFile();

        Interpreter second = fresh(System.getenv(), tmp).resolve(wrapper.toString());
        assertThat(second).isEqualTo(first);
        assertThat(TestFiles.lines(log)).as("second resolve starts no Python").hasSize(1);

        Files.setLastModifiedTime(wrapper, FileTime.fromMillis(Files.getLastModifiedTime(wrapper).toMillis() - 60_000));
        assertThat(fresh(System.getenv(), tmp).resolve(wrapper)).isEqualTo(first);
        assertThat(TestFiles.lines(log)).as("changed mtime: probed again").hasSize(2);
    }

    @Test
    void twoInterpretersWithOneCacheTagAreTargetedOnce() throws Exception {
        Interpreter pyenv311 = Py.get("3.11");
        Path system311 = Path.of("/usr/bin/python3.11");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(system311)
                && !system311.toRealPath().equals(pyenv311.executable().toRealPath()), "needs two Python 3.11 builds");
        var choice = new DefaultInterpreters(fresh(System.getenv(), tmp))
                .choose(List.of(pyenv311.executable().toString(), system311.toString()), List.of(), tmp, List.of(tmp));
        assertThat(choice.interpreters()).singleElement()
                .satisfies(i -> assertThat(i.executable()).isEqualTo(pyenv311.executable()));
    }

    @Test
    void aCommandThatRefusesToRunIsAskedOnceUntilItChanges() throws Exception {
        Path log = tmp.resolve("runs.log");
        Path refusing = tmp.resolve("python3.99");
        Files.writeString(refusing, "#!/bin/sh\necho run >> '" + log + "'\necho 'pyenv: python3.99: command not found' >&2\nexit 127\n");
        refusing.toFile().setExecutable(true);

        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> fresh(System.getenv(), tmp).resolve(refusing))
                    .isInstanceOf(InterpreterException.class).hasMessageContaining("command not found");
        }
        // Its probe, then -V (which an old Python would answer): two runs, the first time only.
        assertThat(TestFiles.lines(log)).as("the failure is remembered").hasSize(2);

        Files.setLastModifiedTime(refusing, FileTime.fromMillis(Files.getLastModifiedTime(refusing).toMillis() - 60_000));
        assertThatThrownBy(() -> fresh(System.getenv(), tmp).resolve(refusing)).isInstanceOf(InterpreterException.class);
        assertThat(TestFiles.lines(log)).as("changed file: asked again").hasSize(4);
    }

    @Test
    @org.junit.jupiter.api.Timeout(60) // before the bound, the probe waited for the pipes' end: forever
    void aCommandThatNeverAnswersIsStoppedWithWhatItStartedAtTheBound() throws Exception {
        // A wrapper that waits on a child, as a hung shim does: the child holds the pipes open after its parent goes.
        String marker = "987.654" + ProcessHandle.current().pid();
        Path hanging = tmp.resolve("python3.98");
        Files.writeString(hanging, "#!/bin/sh\nsleep " + marker + " &\nwait\n");
        hanging.toFile().setExecutable(true);

        long start = System.nanoTime();
        assertThatThrownBy(() -> InterpreterProbe.probe(hanging, java.time.Duration.ofMillis(500)))
                .isInstanceOf(InterpreterException.class).hasMessage(hanging + ": did not answer within 500 ms")
                .satisfies(e -> assertThat(((InterpreterException) e).lasting()).as("a slow start is not remembered")
                        .isFalse());
        assertThat((System.nanoTime() - start) / 1_000_000).as("ms until it gave up").isLessThan(5_000);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(ProcessHandle.allProcesses().filter(p -> p.info().arguments()
                        .map(a -> List.of(a).contains(marker)).orElse(false)).toList())
                        .as("nothing it started is left running").isEmpty());
    }

    @Test
    void commandLineWinsThenPyprojectThenVirtualEnvThenDotVenvThenPath() throws Exception {
        Interpreter p313 = Py.get("3.13");
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("python3"), p313.executable());
        Path project = Files.createDirectories(tmp.resolve("project"));
        Map<String, String> env = env(bin.toString());

        DefaultInterpreters d = new DefaultInterpreters(fresh(env, project));
        var byFlag = d.choose(List.of("python3", Py.get("3.12").executable().toString()), List.of("python3"), project, List.of(project));
        assertThat(byFlag.origin()).isEqualTo(DefaultInterpreters.Origin.PYTHON_FLAG);
        assertThat(byFlag.interpreters()).extracting(Interpreter::cacheTag).containsExactly("cpython-313", "cpython-312");

        var byConfig = d.choose(List.of(), List.of(Py.get("3.12").executable().toString()), project, List.of(project));
        assertThat(byConfig.origin()).isEqualTo(DefaultInterpreters.Origin.PYPROJECT);
        assertThat(byConfig.interpreters()).extracting(Interpreter::cacheTag).containsExactly("cpython-312");

        assertThat(d.choose(List.of(), List.of(), project, List.of(project)).origin()).isEqualTo(DefaultInterpreters.Origin.PATH);
        assertThat(d.choose(List.of(), List.of(), project, List.of(project)).interpreters().get(0).cacheTag()).isEqualTo("cpython-313");

        Files.createSymbolicLink(project.resolve(".venv"), venv);
        var byDotVenv = d.choose(List.of(), List.of(), project, List.of(project));
        assertThat(byDotVenv.origin()).isEqualTo(DefaultInterpreters.Origin.DOT_VENV);
        assertThat(byDotVenv.interpreters().get(0).executable()).isEqualTo(project.resolve(".venv/bin/python"));
        assertThat(byDotVenv.interpreters().get(0).cacheTag()).isEqualTo("cpython-312");

        Map<String, String> active = new HashMap<>(env);
        active.put("VIRTUAL_ENV", venv.toString());
        Files.delete(project.resolve(".venv"));
        var byVirtualEnv = new DefaultInterpreters(fresh(active, project)).choose(List.of(), List.of(), project, List.of(project));
        assertThat(byVirtualEnv.origin()).isEqualTo(DefaultInterpreters.Origin.VIRTUAL_ENV);
        assertThat(byVirtualEnv.interpreters().get(0).executable()).isEqualTo(venv.resolve("bin/python"));
    }

    @Test
    void noPython3OnPathIsAClearError() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        DefaultInterpreters d = new DefaultInterpreters(fresh(env(empty.toString()), tmp));
        assertThatThrownBy(() -> d.choose(List.of(), List.of(), tmp, List.of(tmp))).isInstanceOf(InterpreterException.class)
                .hasMessageContaining("--python");
        assertThatThrownBy(() -> fresh(env(empty.toString()), tmp).resolve("python9.9"))
                .isInstanceOf(InterpreterException.class).hasMessageContaining("python9.9");
        Path notPython = TestFiles.write(tmp.resolve("fake"), "#!/bin/sh\necho nope\n");
        notPython.toFile().setExecutable(true);
        assertThatThrownBy(() -> fresh(env(empty.toString()), tmp).resolve(notPython))
                .isInstanceOf(InterpreterException.class).hasMessageContaining("fake");
        Path plain = TestFiles.write(tmp.resolve("plain"), "not a program\n");
        assertThatThrownBy(() -> fresh(env(empty.toString()), tmp).resolve("./plain"))
                .hasMessage("./plain: not executable (a path to an interpreter must be one)");
        assertThat(plain).exists();
        assertThatThrownBy(() -> fresh(env(empty.toString()), tmp).resolve("3.11"))
                .hasMessageEndingWith(" (interpreters are named as commands: python3.11)");
    }

    @Test
    void discoveryListsPyenvVersionsAndTheProjectVenv() throws Exception {
        Path project = Files.createDirectories(tmp.resolve("project"));
        Files.createSymbolicLink(project.resolve(".venv"), venv);
        List<Discovered> found = new InterpreterDiscovery(fresh(System.getenv(), project))
                .discover(project, e -> { });
        List<String> tags = found.stream().map(d -> d.interpreter().cacheTag()).toList();
        for (Interpreter i : Py.installed(6)) {
            assertThat(tags).contains(i.cacheTag());
        }
        assertThat(found).anySatisfy(d -> assertThat(d.foundAs()).anySatisfy(
                l -> assertThat(l).contains(".venv").contains("project virtualenv")));
    }

    @Test
    void aPathInsideAVirtualenvTargetsItsInterpreterAfterPyprojectBeforeVirtualEnvAndDotVenv() throws Exception {
        Path project = Files.createDirectories(tmp.resolve("project"));
        Files.createSymbolicLink(project.resolve(".venv"), Py.get("3.13").executable().getParent().getParent());
        Map<String, String> active = env(tmp.toString());
        Path other = tmp.resolve("other");
        Py.run(Py.get("3.11"), List.of("-m", "venv", "--without-pip", other.toString())).ok();
        active.put("VIRTUAL_ENV", other.toString());
        DefaultInterpreters d = new DefaultInterpreters(fresh(active, project));
        Path site = venv.resolve("lib/python3.12/site-packages");
        for (Path inside : List.of(venv, site, Files.createDirectories(site.resolve("pkg")))) {
            var choice = d.choose(List.of(), List.of(), project, List.of(inside));
            assertThat(choice.origin()).isEqualTo(DefaultInterpreters.Origin.PATH_VIRTUALENV);
            assertThat(choice.from()).contains(venv);
            assertThat(choice.interpreters()).extracting(Interpreter::executable).containsExactly(venv.resolve("bin/python"));
        }
        assertThat(d.choose(List.of(), List.of(Py.get("3.13").executable().toString()), project, List.of(site))
                .origin()).isEqualTo(DefaultInterpreters.Origin.PYPROJECT);
        assertThat(d.choose(List.of(), List.of(), project, List.of(project)).origin())
                .isEqualTo(DefaultInterpreters.Origin.VIRTUAL_ENV);
        assertThatThrownBy(() -> d.choose(List.of(), List.of(), project, List.of(site, other)))
                .isInstanceOf(InterpreterException.class).hasMessageContaining("two virtualenvs");
        Path broken = tmp.resolve("broken");
        TestFiles.write(broken.resolve("pyvenv.cfg"), "version = 3.12.1\n");
        assertThatThrownBy(() -> d.choose(List.of(), List.of(), project, List.of(broken)))
                .isInstanceOf(InterpreterException.class).hasMessageContaining("--python");
    }

    @Test
    void aFactsFileOfTheFirstFormatIsReplacedNotMisread() throws Exception {
        Files.writeString(tmp.resolve("facts.tsv"), "pycd-interpreters 1\n" + Py.get("3.12").executable()
                + "|x|y\t/bin/false\t0/0\t3.12.1\tcpython\tcpython-312\tcb0d0d0a\n");
        Interpreter i = fresh(System.getenv(), tmp).resolve(Py.get("3.12").executable());
        assertThat(i.version()).startsWith("3.12.");
        assertThat(Files.readAllLines(tmp.resolve("facts.tsv")).get(0)).isEqualTo(Interpreters.FORMAT);
        assertThat(fresh(System.getenv(), tmp).installPaths(i.executable()).purelib().toString()).contains("site-packages");
    }
}
