package io.pycd.cli;

import static io.pycd.cli.CliHarness.runIn;
import static io.pycd.cli.CliHarness.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pycd.testing.CacheOracle;
import io.pycd.testing.Processes;
import io.pycd.testing.Pythons;
import io.pycd.testing.ReadOnly;
import io.pycd.testing.TestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Virtualenvs as PATH and as --env: real venvs ({@code python3.12 -m venv}), real packages copied from installed
 * site-packages without their caches, real .pth files. PATH's python3 is 3.11, so a cache of the wrong interpreter
 * shows at once.
 */
class EnvCommandsTest {

    @TempDir
    Path tmp;

    Path venv;
    Path site;
    Map<String, String> env;

    @BeforeEach
    void setUp() throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("python3"), Pythons.require("3.11"));
        env = CliHarness.onlyInterpretersIn(bin, tmp);
        venv = tmp.resolve("venv");
        Processes.exec(List.of(Pythons.require("3.12").toString(), "-m", "venv", "--without-pip", venv.toString())).ok();
        site = venv.resolve("lib/python3.12/site-packages");
    }

    /** A package from an installed site-packages, copied into the venv's without its caches. */
    private Path install(String version, String pkg) {
        Path from = Path.of(Processes.exec(List.of(Pythons.require(version).toString(), "-I", "-c",
                "import sysconfig; print(sysconfig.get_paths()['purelib'])")).ok().out().strip()).resolve(pkg);
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(from), pkg + " is not installed for " + version);
        return TestFiles.copyWithoutCaches(from, site.resolve(pkg));
    }

    private static List<Path> caches(Path root) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.toString().endsWith(".pyc")).sorted().toList();
        }
    }

    private static long sources(Path root) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.toString().endsWith(".py")).count();
        }
    }

    @Test
    void aVirtualenvNamedAsPathIsWalkedForItsOwnInterpreterByEveryCommand() throws Exception {
        install("3.11", "idna");
        CliHarness.Result compiled = runIn(env, "compile", "-v", venv.toString());
        assertThat(compiled.exit()).as(compiled.toString()).isZero();
        assertThat(compiled.out()).contains("from virtualenv " + venv);
        assertThat(caches(venv)).hasSize((int) sources(site.resolve("idna")))
                .allSatisfy(c -> assertThat(c.getFileName().toString()).contains(".cpython-312."));

        JsonNode pythons = runIn(env, "pythons", "--format", "json", site.resolve("idna").toString()).json();
        assertThat(pythons.get("default_from").asText()).isEqualTo("virtualenv");
        assertThat(pythons.get("default_from_path").asText()).isEqualTo(venv.toString());
        assertThat(runIn(env, "status", "--check", site.toString()).exit()).isZero();

        Path cache = caches(site.resolve("idna")).get(0);
        Files.copy(cache, cache.resolveSibling("gone.cpython-312.pyc"));
        Files.copy(cache, cache.resolveSibling("gone.cpython-311.pyc"));
        CliHarness.Result cleaned = runIn(env, "clean", "-v", venv.toString());
        assertThat(cleaned.exit()).as(cleaned.toString()).isZero();
        assertThat(cleaned.out()).contains("orphan        " + cache.resolveSibling("gone.cpython-312.pyc"))
                .contains("orphan        " + cache.resolveSibling("gone.cpython-311.pyc"))
                .doesNotContain("virtualenv, not entered");
        assertThat(cleaned.out().lines().findFirst().orElseThrow()).startsWith("keeping 3.11 (PATH), 3.12 (target)");
        assertThat(caches(venv)).hasSize((int) sources(site.resolve("idna")));
    }

    @Test
    void envCompilesSitePackagesAndEditableSourcesWarningOnThirdPartyFilesThatDoNotCompile() throws Exception {
        install("3.12", "pip");
        Path src = write(tmp.resolve("work/src/mypkg/__init__.py"), "VALUE = 1\n").getParent().getParent();
        write(site.resolve("__editable__.mypkg-0.1.pth"), src + "\n");
        write(site.resolve("__editable__.hooked-0.1.pth"), "import __editable___hooked_finder; x\n");
        Path py2 = write(site.resolve("legacy/__init__.py"), "print \"written for Python 2\"\n");

        CliHarness.Result r = runIn(env, "compile", "--env", venv.toString(), "--format", "json");
        assertThat(r.exit()).as(r.toString()).isZero();
        JsonNode doc = r.json();
        assertThat(doc.get("failed")).isEmpty();
        assertThat(doc.get("tolerated")).singleElement().satisfies(t -> {
            assertThat(t.get("source").asText()).isEqualTo(py2.toString());
            assertThat(t.get("error").asText()).isEqualTo("SyntaxError");
        });
        assertThat(doc.get("env").get("site_packages")).singleElement()
                .satisfies(p -> assertThat(p.asText()).isEqualTo(site.toString()));
        assertThat(doc.get("env").get("editable")).singleElement()
                .satisfies(p -> assertThat(p.asText()).isEqualTo(src.toString()));
        assertThat(doc.get("interpreters")).singleElement()
                .satisfies(i -> assertThat(i.get("path").asText()).isEqualTo(venv.resolve("bin/python").toString()));
        List<CacheOracle.Entry> entries = new ArrayList<>();
        doc.get("compiled").forEach(c -> entries.add(new CacheOracle.Entry(Path.of(c.get("source").asText()),
                Path.of(c.get("cache").asText()), null)));
        assertThat(entries).hasSize((int) sources(site.resolve("pip")) + 1);
        assertThat(CacheOracle.check(venv.resolve("bin/python"), 0, "timestamp", null, entries, List.of(py2), tmp)
                .assertRight()).isEqualTo(entries.size());

        CliHarness.Result text = runIn(env, "compile", "--env", venv.toString());
        assertThat(text.exit()).isZero();
        assertThat(text.out()).contains(py2 + ":1:").contains("SyntaxError")
                .contains("(third-party, not compiled: a warning without --strict)")
                .contains("· failed 0 · not compilable 1 (warnings) ·");
        CliHarness.Result strict = runIn(env, "compile", "--env", venv.toString(), "--strict");
        assertThat(strict.exit()).as(strict.toString()).isEqualTo(1);
        assertThat(strict.out()).contains("failed 1");

        JsonNode status = runIn(env, "status", "--env", venv.toString(), "--format", "json").json();
        assertThat(status.get("counts").get("fresh").asInt()).isEqualTo(entries.size());
        assertThat(status.get("counts").get("missing").asInt()).as("the Python 2 file").isEqualTo(1);
        JsonNode clean = runIn(env, "clean", "-n", "--env", venv.toString(), "--format", "json").json();
        assertThat(clean.get("removed")).isEmpty();
        assertThat(clean.get("keep").get("cpython-312").get("reason").asText()).isEqualTo("target");

        CliHarness.Result both = runIn(env, "compile", "--env", venv.toString(), "--python", "python3");
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).contains("--python and --env cannot be combined");
        assertThat(runIn(env, "compile", "--stdlib").exit()).isEqualTo(2);
    }

    @Test
    void stdlibLeavesOutTheTestSuitesAndCompilesClean() throws Exception {
        Path prefix = tmp.resolve("prefix");
        CliHarness.Result r = runIn(env, "compile", "--env", venv.toString(), "--stdlib", "--pycache-prefix",
                prefix.toString(), "--format", "json");
        assertThat(r.exit()).as(r.toString()).isZero();
        JsonNode doc = r.json();
        assertThat(doc.get("failed")).isEmpty();
        assertThat(doc.get("tolerated")).isEmpty();
        Path stdlib = Path.of(doc.get("env").get("stdlib").get(0).asText());
        List<String> compiled = new ArrayList<>();
        doc.get("compiled").forEach(c -> compiled.add(c.get("source").asText()));
        assertThat(compiled).contains(stdlib.resolve("os.py").toString(), stdlib.resolve("json/decoder.py").toString())
                .noneMatch(s -> s.contains("/test/") || s.contains("/tests/") || s.contains("/idle_test/")
                        || s.contains("/site-packages/"));
        assertThat(compiled.size()).isGreaterThan(500);
        assertThat(prefix.resolve(stdlib.getRoot().relativize(stdlib)).resolve("os.cpython-312.pyc")).isRegularFile();
    }

    @Test
    void aReadOnlySitePackagesGetsOneErrorPerFolderAndThePrefixHintOnce() throws Exception {
        Path pkg = install("3.11", "idna");
        ReadOnly.lock(pkg);
        try {
            CliHarness.Result r = runIn(env, "compile", "--env", venv.toString());
            assertThat(r.exit()).as(r.toString()).isEqualTo(1);
            long files = sources(pkg);
            assertThat(r.out().lines().filter(l -> l.contains(pkg.toString())).toList()).singleElement().asString()
                    .startsWith(pkg + ": cannot write caches (" + files + " sources not compiled): ");
            assertThat(r.err().lines().filter(l -> l.startsWith("pycd: hint: ")).toList()).singleElement().asString()
                    .contains("--pycache-prefix").contains("PYTHONPYCACHEPREFIX");
            Path prefix = tmp.resolve("prefix");
            CliHarness.Result elsewhere = runIn(env, "compile", "--env", venv.toString(), "--pycache-prefix",
                    prefix.toString());
            assertThat(elsewhere.exit()).as(elsewhere.toString()).isZero();
            assertThat(caches(prefix)).hasSize((int) files);
        } finally {
            ReadOnly.unlock(pkg);
        }
    }

    /** watch (its own JVM, as a user runs it) reconciles a venv named as PATH for the venv's interpreter. */
    @Test
    void watchOfAVirtualenvCompilesForItsInterpreter() throws Exception {
        install("3.11", "idna");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "watch", "--format", "json", venv.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
        env.forEach((k, v) -> {
            if (v == null) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
        Process watch = pb.start();
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(watch.getInputStream(),
                    java.nio.charset.StandardCharsets.UTF_8))) {
                out.lines().forEach(lines::add);
            } catch (java.io.IOException | java.io.UncheckedIOException e) {
                // the stream closed
            }
        });
        reader.start();
        try {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(120))
                    .until(() -> lines.stream().anyMatch(l -> l.contains("\"event\":\"ready\"")));
            assertThat(caches(venv)).hasSize((int) sources(site.resolve("idna")))
                    .allSatisfy(c -> assertThat(c.getFileName().toString()).contains(".cpython-312."));
        } finally {
            watch.destroy();
            watch.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
        }
    }
}
