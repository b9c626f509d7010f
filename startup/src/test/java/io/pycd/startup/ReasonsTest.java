package io.pycd.startup;

import static org.assertj.core.api.Assertions.assertThat;

import io.pycd.interpreter.Interpreter;
import io.pycd.testing.Py;
import io.pycd.testing.Pythons;
import io.pycd.testing.ReadOnly;
import io.pycd.testing.TestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each reason, observed for a real import by a real interpreter. */
class ReasonsTest {

    private static final List<String> MODULES = List.of("pkg", "pkg.a", "pkg.b");

    @TempDir
    Path tmp;

    Path project;

    @BeforeEach
    void project() {
        project = tmp.resolve("proj");
        TestFiles.write(project.resolve("pkg/__init__.py"), "from . import a\n");
        TestFiles.write(project.resolve("pkg/a.py"), "from . import b\nVALUE = 1\n");
        TestFiles.write(project.resolve("pkg/b.py"), "X = [i * i for i in range(10)]\n");
    }

    static List<String> versions() {
        return Pythons.installed(6);
    }

    private Runs.Captured importPkg(Interpreter python, Map<String, String> env, String... options) {
        List<String> command = new java.util.ArrayList<>(List.of(python.executable().toString()));
        command.addAll(List.of(options));
        command.addAll(List.of("-c", "import pkg"));
        return Runs.run(project, env, command);
    }

    private static Map<String, Reason> reasons(StartupProfile profile) {
        return profile.compiled().stream().filter(m -> MODULES.contains(m.module()))
                .collect(Collectors.toMap(CompiledModule::module, CompiledModule::reason));
    }

    private static Map<String, String> details(StartupProfile profile) {
        return profile.compiled().stream().filter(m -> MODULES.contains(m.module()))
                .collect(Collectors.toMap(CompiledModule::module, m -> m.why().detail()));
    }

    private static List<String> fromCache(StartupProfile profile) {
        return profile.fromCache().stream().map(CachedModule::module).filter(MODULES::contains).sorted().toList();
    }

    @ParameterizedTest
    @MethodSource("versions")
    void noCacheAtFirstThenEveryModuleFromItsCache(String version) {
        Interpreter python = Py.get(version);
        StartupProfile first = importPkg(python, Map.of()).profile();
        assertThat(reasons(first)).containsOnlyKeys(MODULES).allSatisfy((m, r) -> assertThat(r).isEqualTo(Reason.NO_CACHE));
        assertThat(first.processes()).singleElement().satisfies(p -> {
            assertThat(p.cacheTag()).isEqualTo(python.cacheTag());
            assertThat(p.version()).isEqualTo(python.version());
        });
        CompiledModule b = first.compiled().stream().filter(m -> m.module().equals("pkg.b")).findFirst().orElseThrow();
        assertThat(b.source()).isEqualTo(project.resolve("pkg/b.py").toAbsolutePath());
        assertThat(b.cache()).contains(project.resolve("pkg/__pycache__/b." + python.cacheTag() + ".pyc").toAbsolutePath());
        assertThat(b.nanos()).isPositive();
        assertThat(first.compileNanos()).isPositive().isLessThanOrEqualTo(first.importNanos());

        StartupProfile second = importPkg(python, Map.of()).profile();
        assertThat(reasons(second)).isEmpty();
        assertThat(fromCache(second)).containsExactlyElementsOf(MODULES);
    }

    @Test
    void staleWhenTheSourceChangedSinceItsCache() throws Exception {
        Interpreter python = Py.get("3.12");
        importPkg(python, Map.of()).profile();
        Path b = project.resolve("pkg/b.py");
        Files.writeString(b, "X = [i * i for i in range(100)]\n");
        Files.setLastModifiedTime(b, FileTime.fromMillis(Files.getLastModifiedTime(b).toMillis() + 10_000));

        StartupProfile profile = importPkg(python, Map.of()).profile();
        assertThat(reasons(profile)).containsExactly(Map.entry("pkg.b", Reason.STALE));
        assertThat(details(profile).get("pkg.b")).isEqualTo("bytecode is stale for 'pkg.b'");
        assertThat(fromCache(profile)).containsExactly("pkg", "pkg.a");
    }

    @Test
    void staleWhenACheckedHashCacheNoLongerMatches() throws Exception {
        Interpreter python = Py.get("3.12");
        Py.run(python, List.of("-c", "import py_compile as p; p.compile('" + project.resolve("pkg/b.py")
                + "', invalidation_mode=p.PycInvalidationMode.CHECKED_HASH, doraise=True)")).ok();
        Files.writeString(project.resolve("pkg/b.py"), "X = [i + i for i in range(10)]\n");

        StartupProfile profile = importPkg(python, Map.of()).profile();
        assertThat(reasons(profile)).containsEntry("pkg.b", Reason.STALE);
        assertThat(details(profile).get("pkg.b")).isEqualTo("hash in bytecode doesn't match hash of source 'pkg.b'");
    }

    @Test
    void otherInterpreterWhenOnlyAnotherVersionsCachesAreThere() {
        Interpreter py311 = Py.get("3.11");
        Interpreter py312 = Py.get("3.12");
        importPkg(py311, Map.of()).profile();

        StartupProfile profile = importPkg(py312, Map.of()).profile();
        assertThat(reasons(profile)).containsOnlyKeys(MODULES)
                .allSatisfy((m, r) -> assertThat(r).isEqualTo(Reason.OTHER_INTERPRETER));
        assertThat(details(profile).get("pkg.a")).isEqualTo("cpython-312 has none; only cpython-311");
    }

    @Test
    void otherLevelWhenOnlyCachesOfAnotherOptimizationLevelAreThere() {
        Interpreter python = Py.get("3.12");
        importPkg(python, Map.of()).profile();

        StartupProfile profile = importPkg(python, Map.of(), "-O").profile();
        assertThat(profile.processes().get(0).optimize()).isEqualTo(1);
        assertThat(reasons(profile)).containsOnlyKeys(MODULES)
                .allSatisfy((m, r) -> assertThat(r).isEqualTo(Reason.OTHER_LEVEL));
        assertThat(details(profile).get("pkg.b")).isEqualTo("optimization level 1 has none; only b.cpython-312.pyc");
        assertThat(project.resolve("pkg/__pycache__/b.cpython-312.opt-1.pyc")).isRegularFile();
    }

    @Test
    void unwritableWhenTheFolderIsReadOnlyAndAgainAtTheNextStart() throws Exception {
        Interpreter python = Py.get("3.12");
        Path pkg = project.resolve("pkg");
        ReadOnly.lock(pkg);
        try {
            for (int run = 0; run < 2; run++) {
                StartupProfile profile = importPkg(python, Map.of()).profile();
                assertThat(reasons(profile)).containsOnlyKeys(MODULES)
                        .allSatisfy((m, r) -> assertThat(r).isEqualTo(Reason.UNWRITABLE));
                assertThat(details(profile).get("pkg.a")).startsWith("could not create '" + pkg.toAbsolutePath()
                        + "/__pycache__': ");
            }
            assertThat(pkg.resolve("__pycache__")).doesNotExist();
        } finally {
            ReadOnly.unlock(pkg);
        }
    }

    @Test
    void dontWriteBytecodeWhenTheEnvironmentSaysSo() {
        Interpreter python = Py.get("3.12");
        Runs.Captured run = importPkg(python, Map.of("PYTHONDONTWRITEBYTECODE", "1"));
        assertThat(run.profile().processes().get(0).dontWriteBytecode()).isTrue();
        assertThat(reasons(run.profile())).containsOnlyKeys(MODULES)
                .allSatisfy((m, r) -> assertThat(r).isEqualTo(Reason.DONT_WRITE_BYTECODE));
        assertThat(project.resolve("pkg/__pycache__")).doesNotExist();
    }

    @Test
    void prefixElsewhereWhenThePrefixHasNoCacheAndTheTreeHasOne() {
        Interpreter python = Py.get("3.12");
        importPkg(python, Map.of()).profile();
        Path prefix = tmp.resolve("pycache-prefix");

        StartupProfile profile = importPkg(python, Map.of("PYTHONPYCACHEPREFIX", prefix.toString())).profile();
        assertThat(profile.processes().get(0).pycachePrefix()).contains(prefix);
        assertThat(reasons(profile)).containsOnlyKeys(MODULES)
                .allSatisfy((m, r) -> assertThat(r).isEqualTo(Reason.PREFIX_ELSEWHERE));
        assertThat(details(profile).get("pkg.b")).isEqualTo("no cache under sys.pycache_prefix " + prefix
                + "; the one in __pycache__ beside the source is not read while a prefix is set");
        CompiledModule b = profile.compiled().stream().filter(m -> m.module().equals("pkg.b")).findFirst().orElseThrow();
        assertThat(b.cache()).contains(prefix.resolve(project.toAbsolutePath().toString().substring(1))
                .resolve("pkg/b.cpython-312.pyc"));
    }
}
