package io.pycd.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pycd.cache.CacheLayout;
import io.pycd.cache.InvalidationMode;
import io.pycd.environment.Environment;
import io.pycd.interpreter.DefaultInterpreters;
import io.pycd.interpreter.Interpreter;
import io.pycd.testing.Processes;
import io.pycd.testing.Py;
import io.pycd.testing.TestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsResolverTest {

    @TempDir
    Path tmp;

    private Environment environment(Map<String, String> extra) {
        Map<String, String> variables = new HashMap<>(System.getenv());
        variables.remove("SOURCE_DATE_EPOCH");
        variables.remove("VIRTUAL_ENV");
        variables.remove("PYTHONPYCACHEPREFIX");
        variables.put("XDG_CACHE_HOME", tmp.resolve("cache").toString());
        variables.putAll(extra);
        return Environment.of(variables, tmp, tmp.resolve("home"));
    }

    private static Request compile(Interpreter python, Path... paths) {
        Request.Targets targets = Request.Targets.pythons(List.of(python.executable().toString()));
        return new Request(List.of(paths), Optional.of(targets), Request.Walk.everything(), Optional.empty(),
                Optional.empty());
    }

    @Test
    void flagsWinOverPyprojectWhichWinsOverDefaults() throws Exception {
        Interpreter python = Py.get("3.12");
        TestFiles.write(tmp.resolve("proj/pyproject.toml"), "[tool.pycd]\noptimize = [1, 2]\njobs = 3\n"
                + "invalidation-mode = \"checked-hash\"\nexclude = [\"build\"]\npycache-prefix = \"cache\"\n");
        Request.Targets asked = new Request.Targets(List.of(python.executable().toString()), List.of(0),
                Optional.empty(), Optional.empty(), false, Optional.of(2), Optional.empty(), Optional.empty(),
                Optional.empty(), false, 1000, 5);
        Resolved r = SettingsResolver.resolve(new Request(List.of(Path.of("proj")), Optional.of(asked),
                new Request.Walk(List.of("*_pb2.py"), 1), Optional.empty(), Optional.empty()), environment(Map.of()));
        CompileSettings s = r.compile();
        assertThat(s.optimizeLevels()).containsExactly(0);
        assertThat(s.workers()).isEqualTo(new WorkerLimits(2, Duration.ofSeconds(5), 0));
        assertThat(s.maxSourceBytes()).isEqualTo(1000);
        assertThat(s.mode()).isEqualTo(InvalidationMode.CHECKED_HASH);
        assertThat(s.layout()).isEqualTo(new CacheLayout.Prefix(tmp.resolve("proj/cache")));
        assertThat(r.walk().rules().excludes()).extracting(Object::toString).containsExactly("build", "*_pb2.py");
        assertThat(r.walk().maxDepth()).isEqualTo(1);
        assertThat(r.targets().orElseThrow().interpreterSource()).isEqualTo("--python");
        assertThat(r.roots()).containsExactly(Path.of("proj"));
    }

    @Test
    void resolvesAgainstTheEnvironmentGivenNotThisProcess() throws Exception {
        Interpreter python = Py.get("3.12");
        TestFiles.write(tmp.resolve("proj/pyproject.toml"), "[tool.pycd]\noptimize = 2\n");
        Request.Targets asked = new Request.Targets(List.of(python.executable().toString()), List.of(),
                Optional.empty(), Optional.of(Path.of("prefix")), false, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), false, 1000, 5);
        Resolved r = SettingsResolver.resolve(new Request(List.of(Path.of("proj")), Optional.of(asked),
                Request.Walk.everything(), Optional.empty(), Optional.empty()),
                environment(Map.of("SOURCE_DATE_EPOCH", "0")));
        assertThat(r.compile().optimizeLevels()).containsExactly(2);
        assertThat(r.compile().mode()).isEqualTo(InvalidationMode.CHECKED_HASH);
        assertThat(r.compile().layout()).isEqualTo(new CacheLayout.Prefix(tmp.resolve("prefix")));
        assertThat(r.environment().cacheFolder()).isEqualTo(tmp.resolve("cache/pycd"));
    }

    @Test
    void watchValuesComeFromFlagsElsePyproject() throws Exception {
        TestFiles.write(tmp.resolve("pyproject.toml"), "[tool.pycd]\nrespect-gitignore = true\n");
        Request asked = new Request(List.of(), Optional.empty(), Request.Walk.everything(),
                Optional.of(new Request.Watch(50, Optional.empty(), 100)), Optional.empty());
        Resolved.WatchValues v = SettingsResolver.resolve(asked, environment(Map.of())).watch().orElseThrow();
        assertThat(v).isEqualTo(new Resolved.WatchValues(Duration.ofMillis(50), true, Duration.ofMillis(100)));
        Request off = new Request(List.of(), Optional.empty(), Request.Walk.everything(),
                Optional.of(new Request.Watch(50, Optional.of(false), 100)), Optional.empty());
        assertThat(SettingsResolver.resolve(off, environment(Map.of())).watch().orElseThrow().respectGitignore())
                .isFalse();
    }

    @Test
    void keepInputsReadRequiresPythonOnlyWithTargets() throws Exception {
        Interpreter python = Py.get("3.12");
        TestFiles.write(tmp.resolve("pyproject.toml"),
                "[project]\nrequires-python = \">=3.9\"\n[tool.pycd]\nkeep-versions = [\"3.8\"]\n");
        Request.Keep keep = new Request.Keep(List.of("pypy39"));
        Resolved withTargets = SettingsResolver.resolve(new Request(List.of(),
                Optional.of(Request.Targets.pythons(List.of(python.executable().toString()))),
                Request.Walk.everything(), Optional.empty(), Optional.of(keep)), environment(Map.of()));
        Resolved.Keep k = withTargets.keep().orElseThrow();
        assertThat(k.versions()).containsExactly("3.8", "pypy39");
        assertThat(k.requiresPython()).hasValueSatisfying(r -> assertThat(r.allows("3.8")).isFalse());
        assertThat(k.projectRoot()).isEqualTo(tmp);
        Resolved all = SettingsResolver.resolve(new Request(List.of(), Optional.empty(), Request.Walk.everything(),
                Optional.empty(), Optional.of(keep)), environment(Map.of()));
        assertThat(all.keep().orElseThrow().requiresPython()).isEmpty();
        assertThat(all.targets()).isEmpty();
    }

    @Test
    void whatCannotBeResolvedSaysWhy() throws Exception {
        Interpreter python = Py.get("3.12");
        Environment env = environment(Map.of());
        Request.Targets legacyInPrefix = new Request.Targets(List.of(python.executable().toString()), List.of(),
                Optional.empty(), Optional.of(tmp), true, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), false, 1000, 5);
        assertThatThrownBy(() -> SettingsResolver.resolve(new Request(List.of(), Optional.of(legacyInPrefix),
                Request.Walk.everything(), Optional.empty(), Optional.empty()), env))
                .hasMessage("--legacy and --pycache-prefix cannot be combined");
        assertThatThrownBy(() -> SettingsResolver.resolve(new Request(List.of(), Optional.empty(),
                Request.Walk.everything(), Optional.of(new Request.Watch(-1, Optional.empty(), 100)),
                Optional.empty()), env)).hasMessage("--settle must be from 0 to 60000 milliseconds");
        TestFiles.write(tmp.resolve("pyproject.toml"), "[tool.pycd]\nkeep-versions = [\"three\"]\n");
        assertThatThrownBy(() -> SettingsResolver.resolve(new Request(List.of(), Optional.empty(),
                Request.Walk.everything(), Optional.empty(), Optional.of(new Request.Keep(List.of()))), env))
                .isInstanceOf(SettingsException.class)
                .hasMessage(tmp.resolve("pyproject.toml") + ": keep-version 'three' is neither X.Y (3.11) nor a "
                        + "cache tag (cpython-311, pypy39)");
        TestFiles.write(tmp.resolve("pyproject.toml"), "[tool.pycd]\nkeep-versions = [\"3.9\"]\n");
        assertThatThrownBy(() -> SettingsResolver.resolve(new Request(List.of(), Optional.empty(),
                Request.Walk.everything(), Optional.empty(), Optional.of(new Request.Keep(List.of("3")))), env))
                .as("a flag's bad value is not blamed on the project file")
                .hasMessage("--keep-version: keep-version '3' is neither X.Y (3.11) nor a cache tag (cpython-311, pypy39)");
        TestFiles.write(tmp.resolve("pyproject.toml"), "[tool.pycd]\nunknown = 1\n");
        assertThatThrownBy(() -> SettingsResolver.resolve(compile(python), env))
                .isInstanceOf(SettingsException.class).hasMessageContaining("unknown key tool.pycd.unknown");
    }

    @Test
    void pythonPycachePrefixIsTheDefaultPrefixAsForCompileall() throws Exception {
        Interpreter python = Py.get("3.12");
        Environment withVariable = environment(Map.of("PYTHONPYCACHEPREFIX", "from-env"));
        assertThat(SettingsResolver.resolve(compile(python, Path.of(".")), withVariable).compile().layout())
                .as("relative to the working folder, as CPython takes it")
                .isEqualTo(new CacheLayout.Prefix(tmp.resolve("from-env")));
        assertThat(SettingsResolver.resolve(compile(python), environment(Map.of("PYTHONPYCACHEPREFIX", "")))
                .compile().layout()).as("empty is unset").isEqualTo(new CacheLayout.Pycache());

        TestFiles.write(tmp.resolve("pyproject.toml"), "[tool.pycd]\npycache-prefix = \"from-config\"\n");
        assertThat(SettingsResolver.resolve(compile(python), withVariable).compile().layout())
                .isEqualTo(new CacheLayout.Prefix(tmp.resolve("from-config")));
        Request.Targets flag = new Request.Targets(List.of(python.executable().toString()), List.of(),
                Optional.empty(), Optional.of(Path.of("from-flag")), false, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), false, 1000, 5);
        assertThat(SettingsResolver.resolve(new Request(List.of(), Optional.of(flag), Request.Walk.everything(),
                Optional.empty(), Optional.empty()), withVariable).compile().layout())
                .isEqualTo(new CacheLayout.Prefix(tmp.resolve("from-flag")));

        Files.delete(tmp.resolve("pyproject.toml"));
        Request.Targets legacy = new Request.Targets(List.of(python.executable().toString()), List.of(),
                Optional.empty(), Optional.empty(), true, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), false, 1000, 5);
        assertThat(SettingsResolver.resolve(new Request(List.of(), Optional.of(legacy), Request.Walk.everything(),
                Optional.empty(), Optional.empty()), withVariable).compile().layout())
                .as("compileall -b ignores the prefix too").isEqualTo(new CacheLayout.Legacy());
        assertThat(withVariable.dontWriteBytecode()).isFalse();
        assertThat(environment(Map.of("PYTHONDONTWRITEBYTECODE", "1")).dontWriteBytecode()).isTrue();
        assertThat(environment(Map.of("PYTHONDONTWRITEBYTECODE", "")).dontWriteBytecode()).isFalse();
    }

    @Test
    void envTargetsItsOwnInterpreterAndWalksItsFolders() throws Exception {
        Interpreter python = Py.get("3.12");
        Path venv = tmp.resolve("venv");
        Processes.exec(List.of(python.executable().toString(), "-m", "venv", "--without-pip", venv.toString())).ok();
        Path site = venv.resolve("lib/python3.12/site-packages");
        Request env = new Request(List.of(), Optional.of(Request.Targets.pythons(List.of())),
                Request.Walk.everything(), Optional.empty(), Optional.empty(),
                Optional.of(new Request.Env("venv", true)));
        Resolved r = SettingsResolver.resolve(env, environment(Map.of()));
        assertThat(r.targets().orElseThrow().choice().origin()).isEqualTo(DefaultInterpreters.Origin.ENV_FLAG);
        assertThat(r.compile().interpreters()).extracting(Interpreter::executable)
                .containsExactly(venv.resolve("bin/python"));
        Path stdlib = r.env().orElseThrow().stdlib().get(0);
        assertThat(r.roots()).as("no PATH: only the environment's folders").containsExactly(site, stdlib);
        assertThat(r.walk().rootRules()).containsOnlyKeys(stdlib);
        assertThat(r.walk().rootRules().get(stdlib).isExcluded("test", "test")).isTrue();
        assertThat(r.walk().rules().isExcluded("test", "test")).isFalse();

        Resolved withPath = SettingsResolver.resolve(new Request(List.of(Path.of("src")), env.targets(),
                env.walk(), Optional.empty(), Optional.empty(), Optional.of(new Request.Env("venv", false))),
                environment(Map.of()));
        assertThat(withPath.roots()).containsExactly(Path.of("src"), site);

        assertThatThrownBy(() -> SettingsResolver.resolve(new Request(List.of(), Optional.of(Request.Targets
                .pythons(List.of("python3.12"))), Request.Walk.everything(), Optional.empty(), Optional.empty(),
                Optional.of(new Request.Env("venv", false))), environment(Map.of())))
                .isInstanceOf(SettingsException.class).hasMessageStartingWith("--python and --env cannot be combined");
    }

    @Test
    void compilingForACommandThatRanTakesItsInterpreterPrefixAndLevel() throws Exception {
        Interpreter python = Py.get("3.13");
        Path source = TestFiles.write(tmp.resolve("app/m.py"), "x = 1\n");
        Resolved r = SettingsResolver.resolve(Request.compileFor(python.executable(), Optional.of(tmp.resolve("pfx")),
                1, List.of(source)), environment(Map.of()));
        assertThat(r.compile().interpreters()).containsExactly(python);
        assertThat(r.compile().optimizeLevels()).containsExactly(1);
        assertThat(r.compile().layout()).isEqualTo(new CacheLayout.Prefix(tmp.resolve("pfx")));
        assertThat(r.roots()).containsExactly(source);
        assertThat(r.targets().orElseThrow().choice().origin()).isEqualTo(DefaultInterpreters.Origin.PYTHON_FLAG);
    }
}
