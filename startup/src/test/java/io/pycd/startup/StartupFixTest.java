package io.pycd.startup;

import static org.assertj.core.api.Assertions.assertThat;

import io.pycd.compile.CompileError;
import io.pycd.compile.CompileResult;
import io.pycd.environment.Environment;
import io.pycd.interpreter.Interpreter;
import io.pycd.testing.CacheOracle;
import io.pycd.testing.Py;
import io.pycd.testing.ReadOnly;
import io.pycd.testing.TestFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --fix: what was compiled at run time is read from caches at the next start, and CPython agrees they are right. */
class StartupFixTest {

    @TempDir
    Path tmp;

    private static StartupFix fixer() {
        return new StartupFix(Environment.current());
    }

    private static Set<Path> sources(List<CompiledModule> modules) {
        return modules.stream().map(CompiledModule::source).collect(Collectors.toSet());
    }

    private static Set<Path> cachedSources(StartupProfile profile) {
        return profile.fromCache().stream().map(CachedModule::source).collect(Collectors.toSet());
    }

    /** CPython's own judgement of every cache the fix wrote. */
    private void oracle(Interpreter python, FixReport fix, int level, Path prefix) {
        List<CacheOracle.Entry> entries = new ArrayList<>();
        for (FixReport.TargetCompile c : fix.compiles()) {
            for (CompileResult.Written w : c.report().written()) {
                entries.add(new CacheOracle.Entry(w.source(), w.caches().get(0), null));
            }
        }
        assertThat(CacheOracle.check(python.executable(), level, "timestamp", prefix, entries, List.of(), tmp)
                .assertRight()).isEqualTo(entries.size()).isPositive();
    }

    private Path venvWithPip(Interpreter python) {
        Path venvPython = Venvs.create(python, tmp.resolve("venv"));
        Venvs.copyPackage(python, "pip", Venvs.sitePackages(venvPython));
        return venvPython;
    }

    @Test
    void fixCompilesWhatAVenvCompiledAtRunTimeAndTheNextStartReadsItAll() {
        Interpreter python = Py.get("3.12");
        Path venvPython = venvWithPip(python);
        List<String> command = List.of(venvPython.toString(), "-c", "import pip._internal.cli.main");
        Map<String, String> noWrites = Map.of("PYTHONDONTWRITEBYTECODE", "1");

        StartupProfile before = Runs.run(tmp, noWrites, command).profile();
        assertThat(before.compiled()).hasSizeGreaterThan(50)
                .allSatisfy(m -> assertThat(m.reason()).isEqualTo(Reason.DONT_WRITE_BYTECODE));
        FixReport fix = fixer().fix(before);
        assertThat(fix.ok()).as(fix.toString()).isTrue();
        assertThat(fix.compiles()).singleElement().satisfies(c -> {
            assertThat(c.target()).isEqualTo(new PythonProcess.Target(venvPython, java.util.Optional.empty(), 0));
            assertThat(c.report().interpreters()).singleElement()
                    .satisfies(i -> assertThat(i.executable()).isEqualTo(venvPython));
        });
        assertThat(fix.written()).isEqualTo(sources(before.compiled()).size());
        oracle(python, fix, 0, null);

        StartupProfile after = Runs.run(tmp, noWrites, command).profile();
        assertThat(after.compiled()).isEmpty();
        assertThat(cachedSources(after)).containsAll(sources(before.compiled()));
        assertThat(after.importNanos()).isPositive();
    }

    @Test
    void cachesImportWroteItselfAreFreshForTheFix() {
        Interpreter python = Py.get("3.12");
        TestFiles.write(tmp.resolve("app/m1.py"), "import m2\n");
        TestFiles.write(tmp.resolve("app/m2.py"), "X = 2\n");
        StartupProfile before = Runs.run(tmp.resolve("app"), List.of(python.executable().toString(), "-c",
                "import m1")).profile();
        assertThat(before.compiled()).extracting(CompiledModule::reason).containsOnly(Reason.NO_CACHE).hasSize(2);

        FixReport fix = fixer().fix(before);
        assertThat(fix.ok()).isTrue();
        assertThat(fix.written()).isZero();
        assertThat(fix.fresh()).isEqualTo(2);
    }

    @Test
    void fixWritesUnderThePrefixTheProcessReadsAndAtItsLevel() {
        Interpreter python = Py.get("3.12");
        TestFiles.write(tmp.resolve("app/m1.py"), "'''doc'''\nimport m2\nassert m2\n");
        TestFiles.write(tmp.resolve("app/m2.py"), "X = 2\n");
        Path prefix = tmp.resolve("prefix");
        Map<String, String> env = Map.of("PYTHONPYCACHEPREFIX", prefix.toString(), "PYTHONDONTWRITEBYTECODE", "1");
        List<String> command = List.of(python.executable().toString(), "-OO", "-c", "import m1");

        StartupProfile before = Runs.run(tmp.resolve("app"), env, command).profile();
        assertThat(sources(before.compiled())).hasSize(2);
        FixReport fix = fixer().fix(before);
        assertThat(fix.ok()).isTrue();
        assertThat(fix.compiles()).singleElement()
                .satisfies(c -> assertThat(c.target()).isEqualTo(new PythonProcess.Target(python.executable(),
                        java.util.Optional.of(prefix), 2)));
        Path appInPrefix = prefix.resolve(tmp.resolve("app").toAbsolutePath().toString().substring(1));
        assertThat(appInPrefix.resolve("m1.cpython-312.opt-2.pyc")).isRegularFile();
        assertThat(tmp.resolve("app/__pycache__")).doesNotExist();
        oracle(python, fix, 2, prefix);

        StartupProfile after = Runs.run(tmp.resolve("app"), env, command).profile();
        assertThat(after.compiled()).isEmpty();
        assertThat(cachedSources(after)).containsAll(sources(before.compiled()));
    }

    @Test
    void fixReportsWhatItCannotWriteInAReadOnlyFolder() throws Exception {
        Interpreter python = Py.get("3.12");
        Path ro = tmp.resolve("app/ro");
        TestFiles.write(ro.resolve("locked.py"), "X = 1\n");
        TestFiles.write(tmp.resolve("app/free.py"), "Y = 1\n");
        ReadOnly.lock(ro);
        try {
            Map<String, String> env = new HashMap<>(Map.of("PYTHONPATH", ro.toString()));
            StartupProfile before = Runs.run(tmp.resolve("app"), env, List.of(python.executable().toString(), "-B",
                    "-c", "import locked, free")).profile();
            assertThat(before.compiled()).extracting(CompiledModule::module).containsExactlyInAnyOrder("locked", "free");

            FixReport fix = fixer().fix(before);
            assertThat(fix.ok()).isFalse();
            assertThat(fix.failed()).singleElement().satisfies(f -> {
                assertThat(f.source()).isEqualTo(ro.resolve("locked.py").toAbsolutePath());
                assertThat(f.error()).isEqualTo(CompileError.Own.WRITE_ERROR);
            });
            assertThat(fix.written()).isEqualTo(1);
        } finally {
            ReadOnly.unlock(ro);
        }
    }
}
