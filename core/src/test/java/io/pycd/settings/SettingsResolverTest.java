package io.pycd.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pycd.cache.CacheLayout;
import io.pycd.cache.InvalidationMode;
import io.pycd.environment.Environment;
import io.pycd.interpreter.Interpreter;
import io.pycd.testing.Py;
import io.pycd.testing.TestFiles;
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
        TestFiles.write(tmp.resolve("pyproject.toml"), "[tool.pycd]\nunknown = 1\n");
        assertThatThrownBy(() -> SettingsResolver.resolve(compile(python), env))
                .isInstanceOf(SettingsException.class).hasMessageContaining("unknown key tool.pycd.unknown");
    }
}
