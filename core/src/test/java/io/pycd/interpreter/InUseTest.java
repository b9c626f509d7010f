package io.pycd.interpreter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pycd.config.RequiresPython;
import io.pycd.environment.Environment;
import io.pycd.testing.Pythons;
import io.pycd.testing.TestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which versions are in use: every source the rule names, with real interpreters on a PATH and in a pyenv versions
 * folder made for the test (so the machine's own set does not decide), virtualenvs by their pyvenv.cfg.
 */
class InUseTest {

    @TempDir
    Path tmp;

    Path project;
    Path bin;
    Path pyenv;
    Map<String, String> env;

    @BeforeEach
    void machine() throws Exception {
        project = Files.createDirectories(tmp.resolve("project"));
        bin = Files.createDirectories(tmp.resolve("bin"));
        pyenv = Files.createDirectories(tmp.resolve("pyenv/versions"));
        Files.createSymbolicLink(bin.resolve("python3.11"), Pythons.require("3.11"));
        Path p313 = Pythons.require("3.13");
        // A pyenv version folder: the real 3.13 installation, under the name pyenv gives it.
        Files.createSymbolicLink(pyenv.resolve("3.13.0"), p313.getParent().getParent());
        env = new HashMap<>();
        env.put("PATH", bin.toString());
        env.put("PYENV_ROOT", tmp.resolve("pyenv").toString());
    }

    private Interpreters interpreters() {
        return new Interpreters(tmp.resolve("facts.tsv"), Environment.of(env, project, tmp.resolve("home")));
    }

    private InUse find(List<String> keep, List<String> configured, Optional<RequiresPython> requires,
                       boolean onlyTargets, Path... roots) throws Exception {
        Interpreter p312 = interpreters().resolve(Pythons.require("3.12"));
        List<InterpreterException> problems = new ArrayList<>();
        InUse u = InUse.find(interpreters(), new InUse.Inputs(List.of(p312), keep, configured, requires, project,
                List.of(roots), onlyTargets), problems::add);
        assertThat(problems).isEmpty();
        return u;
    }

    private static Map<String, InUse.Reason> reasons(InUse u) {
        Map<String, InUse.Reason> out = new LinkedHashMap<>();
        u.uses().forEach((tag, use) -> out.put(tag, use.reason()));
        return out;
    }

    @Test
    void everyPlaceAnInterpreterCanBeFoundCounts() throws Exception {
        TestFiles.write(project.resolve(".venv/pyvenv.cfg"), "home = /x\nversion = 3.8.18\n");
        TestFiles.write(project.resolve(".tox/py37/pyvenv.cfg"), "home = /x\nversion_info = 3.7.16.final.0\n");
        Path active = tmp.resolve("active");
        TestFiles.write(active.resolve("pyvenv.cfg"), "home = /x\nversion = 3.6.15\n");
        env.put("VIRTUAL_ENV", active.toString());
        TestFiles.write(project.resolve(".python-version"), "3.13\nsystem\n");
        Path holding = tmp.resolve("elsewhere/envx");
        TestFiles.write(holding.resolve("pyvenv.cfg"), "home = /x\nversion = 3.14.0\n");
        Path site = Files.createDirectories(holding.resolve("lib/python3.14/site-packages"));

        InUse u = find(List.of("3.9"), List.of(Pythons.require("3.10").toString()), Optional.empty(), false,
                project, site);
        assertThat(reasons(u)).containsExactly(
                Map.entry("cpython-312", InUse.Reason.TARGET),
                Map.entry("cpython-39", InUse.Reason.KEEP_VERSION),
                Map.entry("cpython-310", InUse.Reason.CONFIGURED),
                Map.entry("cpython-314", InUse.Reason.VIRTUALENV),
                Map.entry("cpython-38", InUse.Reason.VIRTUALENV),
                Map.entry("cpython-37", InUse.Reason.TOX_NOX),
                Map.entry("cpython-36", InUse.Reason.ACTIVE_VIRTUALENV),
                Map.entry("cpython-313", InUse.Reason.PYTHON_VERSION_FILE),
                Map.entry("cpython-311", InUse.Reason.PATH));
        assertThat(u.use("cpython-314").orElseThrow().where()).isEqualTo(holding.toString());
        assertThat(u.refused()).isEmpty();
        assertThat(u.includes("cpython-35")).isFalse();

        Files.delete(project.resolve(".python-version"));
        assertThat(find(List.of(), List.of(), Optional.empty(), false, project).use("cpython-313").orElseThrow()
                .reason()).as("without .python-version, 3.13 is still in pyenv's versions").isEqualTo(InUse.Reason.PYENV);
    }

    @Test
    void requiresPythonRulesOutFoundVersionsButNeverNamedOnes() throws Exception {
        TestFiles.write(project.resolve(".venv/pyvenv.cfg"), "version = 3.8.18\n");
        Optional<RequiresPython> requires = Optional.of(RequiresPython.parse(">=3.11"));
        InUse u = find(List.of("3.9"), List.of(Pythons.require("3.10").toString()), requires, false, project);
        assertThat(u.uses()).containsKeys("cpython-312", "cpython-39", "cpython-310", "cpython-311", "cpython-313")
                .doesNotContainKey("cpython-38");
        assertThat(u.refused()).containsOnlyKeys("cpython-38");
        assertThat(u.refused().get("cpython-38").reason()).isEqualTo(InUse.Reason.VIRTUALENV);

        InUse narrower = find(List.of(), List.of(), Optional.of(RequiresPython.parse(">=3.12,<3.13")), false, project);
        assertThat(narrower.uses()).containsOnlyKeys("cpython-312");
        assertThat(narrower.refused()).containsOnlyKeys("cpython-38", "cpython-311", "cpython-313");
        assertThat(narrower.plus(InUse.Reason.VIRTUALENV, "cpython-311", "3.11.7", "venv").includes("cpython-311"))
                .as("found again later, still outside").isFalse();
        assertThat(narrower.plus(InUse.Reason.KEEP_VERSION, "cpython-311", "3.11", "3.11").includes("cpython-311"))
                .as("named later: kept").isTrue();
    }

    @Test
    void onlyTargetsKeepsTheTargetsAndTheNamedVersions() throws Exception {
        TestFiles.write(project.resolve(".venv/pyvenv.cfg"), "version = 3.8.18\n");
        InUse u = find(List.of("3.9"), List.of(Pythons.require("3.10").toString()), Optional.empty(), true, project);
        assertThat(u.uses()).containsOnlyKeys("cpython-312", "cpython-39");
        assertThat(u.plus(InUse.Reason.VIRTUALENV, "cpython-38", "3.8.18", "venv").includes("cpython-38")).isFalse();
    }

    @Test
    void factsOnceKnownAreNotAskedAgain() throws Exception {
        Path log = tmp.resolve("starts.log");
        for (String v : List.of("3.11", "3.12")) {
            Path dir = Files.createDirectories(tmp.resolve("wrap" + v));
            Files.deleteIfExists(bin.resolve("python" + v));
            Files.createSymbolicLink(bin.resolve("python" + v), Pythons.loggingWrapper(Pythons.require(v), dir, log, ""));
        }
        find(List.of(), List.of(), Optional.empty(), false, project);
        int first = TestFiles.lines(log).size();
        assertThat(first).as("each wrapper asked once").isEqualTo(2);
        InUse again = find(List.of(), List.of(), Optional.empty(), false, project);
        assertThat(TestFiles.lines(log)).as("no Python started the second time").hasSize(first);
        assertThat(again.uses()).containsKeys("cpython-311", "cpython-312", "cpython-313");
    }

    /**
     * A command named {@code name} in the test's PATH folder that never answers (it waits longer than any test); each
     * start adds a line to the log returned.
     */
    private Path hung(String name) throws Exception {
        Path log = tmp.resolve(name + ".log");
        Path script = bin.resolve(name);
        Files.writeString(script, "#!/bin/sh\necho started >> '" + log + "'\nexec sleep 60\n");
        script.toFile().setExecutable(true);
        return log;
    }

    /** {@link InUse#find} with interpreters given {@code ms} to answer; what it reported goes to {@code problems}. */
    private InUse findWithin(long ms, Optional<RequiresPython> requires, List<InterpreterException> problems)
            throws Exception {
        Interpreter p312 = interpreters().resolve(Pythons.require("3.12"));
        System.setProperty("pycd.interpreters.within", Long.toString(ms));
        try {
            return InUse.find(interpreters(), new InUse.Inputs(List.of(p312), List.of(), List.of(), requires, project,
                    List.of(project), false), problems::add);
        } finally {
            System.clearProperty("pycd.interpreters.within");
        }
    }

    @Test
    void anInterpreterThatDoesNotAnswerKeepsTheCachesItsNameSaysItMayUse() throws Exception {
        hung("python3.14");
        List<InterpreterException> problems = new ArrayList<>();
        InUse u = findWithin(500, Optional.empty(), problems);

        assertThat(problems).extracting(Throwable::getMessage).anyMatch(m -> m.contains("python3.14: did not answer"));
        assertThat(u.unanswered()).singleElement().satisfies(un -> {
            assertThat(un.command()).isEqualTo(bin.resolve("python3.14"));
            assertThat(un.tag()).contains("cpython-314");
        });
        assertThat(u.includes("cpython-314")).as("its caches are not wrong-version: it may use them").isTrue();
        assertThat(u.use("cpython-314")).get().extracting(InUse.Use::reason).isEqualTo(InUse.Reason.UNANSWERED);
        assertThat(u.uses()).doesNotContainKey("cpython-314"); // not a version found in use, only one kept
        assertThat(u.includes("cpython-35")).as("another version nothing here uses").isFalse();
        assertThat(u.includes("cpython-311")).isTrue();
    }

    /**
     * A hung interpreter found on PATH is remembered for a while: the next runs that look for every interpreter do not
     * wait for it again, and still keep its caches; one that names it asks again.
     */
    @Test
    void anInterpreterThatDidNotAnswerIsNotAskedAgainForAWhileUnlessNamed() throws Exception {
        Path log = hung("python3.14");
        findWithin(500, Optional.empty(), new ArrayList<>());
        assertThat(TestFiles.lines(log)).hasSize(1);

        List<InterpreterException> problems = new ArrayList<>();
        InUse again = findWithin(500, Optional.empty(), problems);
        assertThat(TestFiles.lines(log)).as("not started again").hasSize(1);
        assertThat(again.includes("cpython-314")).as("its caches are still kept").isTrue();
        assertThat(problems).extracting(Throwable::getMessage).anyMatch(m -> m.contains("python3.14: did not answer")
                && m.contains("less than a minute ago (asked again 10 minutes after that, or when named)"));

        System.setProperty("pycd.interpreters.within", "500");
        try {
            assertThatThrownBy(() -> interpreters().resolve("python3.14")).isInstanceOf(InterpreterException.class);
        } finally {
            System.clearProperty("pycd.interpreters.within");
        }
        assertThat(TestFiles.lines(log)).as("named, it is asked again").hasSize(2);
    }

    /**
     * Interpreters found here are asked all at once: two that hang cost one wait, not two. Each script waits (up to
     * 20 s) for the other to start and says whether it saw it; asked one after the other, the first is stopped
     * before the second starts and never sees it.
     */
    @Test
    void interpretersThatHangAreWaitedForAtTheSameTime() throws Exception {
        Path a = tmp.resolve("a.started");
        Path b = tmp.resolve("b.started");
        meeting("python3.14", a, b);
        meeting("python3.15", b, a);
        List<InterpreterException> problems = new ArrayList<>();
        InUse u = findWithin(5000, Optional.empty(), problems);
        assertThat(TestFiles.lines(a)).as("python3.14 saw python3.15 start").containsExactly("started", "met");
        assertThat(TestFiles.lines(b)).as("python3.15 saw python3.14 start").containsExactly("started", "met");
        assertThat(problems).extracting(Throwable::getMessage)
                .anyMatch(m -> m.startsWith(bin.resolve("python3.14") + ": did not answer"))
                .anyMatch(m -> m.startsWith(bin.resolve("python3.15") + ": did not answer"))
                .noneMatch(m -> m.contains("ago")).as("said as heard now, not as remembered");
        assertThat(u.includes("cpython-314")).isTrue();
        assertThat(u.includes("cpython-315")).isTrue();
    }

    /** A hung {@code name} that logs its start to {@code mine}, then whether {@code theirs} appeared within 20 s. */
    private void meeting(String name, Path mine, Path theirs) throws Exception {
        Path script = bin.resolve(name);
        Files.writeString(script, "#!/bin/sh\necho started >> '" + mine + "'\ni=0\n"
                + "while [ ! -f '" + theirs + "' ] && [ $i -lt 200 ]; do sleep 0.1; i=$((i+1)); done\n"
                + "[ -f '" + theirs + "' ] && echo met >> '" + mine + "'\nexec sleep 60\n");
        script.toFile().setExecutable(true);
    }

    @Test
    void aPython3ThatDoesNotAnswerKeepsEveryCPython3WithinRequiresPython() throws Exception {
        hung("python3");
        List<InterpreterException> problems = new ArrayList<>();
        InUse any = findWithin(500, Optional.empty(), problems);
        assertThat(any.unanswered()).singleElement().satisfies(un -> assertThat(un.tag()).isEmpty());
        assertThat(any.includes("cpython-35")).isTrue();
        assertThat(any.includes("pypy39")).as("python3 is CPython").isFalse();

        InUse within = findWithin(500, Optional.of(RequiresPython.parse(">=3.10")), new ArrayList<>());
        assertThat(within.includes("cpython-39")).as("outside requires-python").isFalse();
        assertThat(within.includes("cpython-310")).isTrue();
    }

    /**
     * pyenv's shims folder on PATH holds a shim for every version pyenv installed, and each one refuses to run unless
     * pyenv selects that version: ten lines of "not asked" in every {@code clean -v} of a pyenv user, about versions
     * that are found (and kept) through pyenv's versions folder. A command elsewhere that fails the same way is still
     * told.
     */
    @Test
    void aPyenvShimRefusingAnUnselectedVersionIsNoProblemButOtherRefusalsAre() throws Exception {
        String refuse = "#!/bin/sh\necho \"pyenv: $(basename \"$0\"): command not found\" >&2\nexit 127\n";
        Path shims = Files.createDirectories(tmp.resolve("pyenv/shims"));
        Path shim = Files.writeString(shims.resolve("python3.13"), refuse);
        Path other = Files.writeString(Files.createDirectories(tmp.resolve("other")).resolve("python3.9"), refuse);
        shim.toFile().setExecutable(true);
        other.toFile().setExecutable(true);
        env.put("PATH", shims + ":" + bin + ":" + other.getParent());

        Interpreter p312 = interpreters().resolve(Pythons.require("3.12"));
        List<InterpreterException> problems = new ArrayList<>();
        InUse u = InUse.find(interpreters(), new InUse.Inputs(List.of(p312), List.of(), List.of(), Optional.empty(),
                project, List.of(project), false), problems::add);
        assertThat(problems).singleElement().satisfies(e -> assertThat(e.getMessage()).startsWith(other + ": ")
                .contains("command not found"));
        assertThat(reasons(u)).as("3.13 from pyenv's versions folder, the shim counting for nothing").containsEntry(
                "cpython-313", InUse.Reason.PYENV).doesNotContainKey("cpython-39");
        assertThat(u.unanswered()).isEmpty();
    }

    @Test
    void aLastingFailureSaysWhatTheCommandIsAndKeepsNothing() throws Exception {
        InUse u = InUse.targets(List.of(), Optional.empty())
                .plusUnanswered(bin.resolve("python3.14"), new InterpreterException("refuses: not selected"))
                .plusUnanswered(bin.resolve("python2.7"), new InterpreterException("timed out", false));
        assertThat(u.unanswered()).as("a lasting failure, and Python 2 (it writes no __pycache__)").isEmpty();
        assertThat(u.includes("cpython-314")).isFalse();
        InUse plain = u.plusUnanswered(Path.of("/opt/env/bin/python"), new InterpreterException("timed out", false));
        assertThat(plain.unanswered()).singleElement().satisfies(un -> assertThat(un.tag()).isEmpty());
        assertThat(plain.includes("cpython-314")).as("a plain python names no version: any CPython 3").isTrue();
    }
}
