package io.pycd.cli;

import static io.pycd.cli.CliHarness.binPycd;
import static io.pycd.cli.CliHarness.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real entry point: bin/pycd on the packaged jar, as a subprocess. Runs after {@code package} (the surefire
 * execution {@code end-to-end} in cli/pom.xml); each case costs a JVM start, so there are few.
 */
class CompileEndToEndTest {

    @TempDir
    Path tmp;

    @BeforeAll
    static void packaged() throws Exception {
        Path jar = CliHarness.home().resolve("cli/target/pycd.jar");
        assumeTrue(Files.isRegularFile(jar), "run after package: cli/target/pycd.jar");
        CliHarness.python("3.12");
    }

    /** Names with spaces, newlines and non-ASCII characters, with no locale at all in the environment. */
    @Test
    void oddFileNamesWithNoLocaleAndTheJsonDocument() throws Exception {
        Path root = tmp.resolve("proj");
        List<String> names = List.of("with space.py", "new\nline.py", "\u00fcn\u00efcode_\u6a21\u5757.py", "plain.py");
        for (String n : names) {
            write(root.resolve(n), "X = 1\n");
        }
        Path bad = write(root.resolve("caf\u00e9_bad.py"), "def f(:\n");
        CliHarness.Result r = binPycd(tmp, Map.of(), List.of("LANG", "LC_ALL", "LC_CTYPE"), null,
                "compile", "--python", "python3.12", "--format", "json", "proj");
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        JsonNode doc = r.json();
        List<String> sources = new ArrayList<>();
        doc.get("compiled").forEach(c -> sources.add(c.get("source").asText()));
        assertThat(sources).containsExactlyInAnyOrderElementsOf(names.stream().map(n -> "proj/" + n).toList());
        assertThat(doc.get("failed")).singleElement().satisfies(f -> {
            assertThat(f.get("source").asText()).isEqualTo("proj/caf\u00e9_bad.py");
            assertThat(f.get("line").asInt()).isEqualTo(1);
        });
        String tag = doc.get("interpreters").get(0).get("cache_tag").asText();
        for (String n : names) {
            assertThat(root.resolve("__pycache__/" + n.substring(0, n.length() - 3) + "." + tag + ".pyc")).isRegularFile();
        }

        CliHarness.Result text = binPycd(tmp, Map.of(), List.of("LANG", "LC_ALL", "LC_CTYPE"), null,
                "compile", "--python", "python3.12", "proj");
        assertThat(text.exit()).isEqualTo(1);
        assertThat(text.out()).contains("proj/caf\u00e9_bad.py:1:").contains("SyntaxError")
                .contains("caches: compiled 0 · from store 0 · fresh 4 · failed 1");
        assertThat(bad).isRegularFile();
    }

    /** A UTF-8 locale that is named but not installed leaves the C locale in force: bin/pycd gives the JVM one. */
    @Test
    void aUtf8LocaleThatIsNotInstalledStillNamesFiles() throws Exception {
        Path root = tmp.resolve("proj");
        write(root.resolve("caf\u00e9.py"), "X = 1\n");
        CliHarness.Result r = binPycd(tmp, Map.of("LANG", "xx_XX.UTF-8"), List.of("LC_ALL", "LC_CTYPE"), null,
                "compile", "--python", "python3.12", "proj");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("caches: compiled 1 · ");
        assertThat(root.resolve("__pycache__")).isDirectoryContaining(p -> p.getFileName().toString().startsWith("caf\u00e9."));
    }

    /**
     * bin/pycd's JVM maps the start-up archive the build trained where it was built, without relocating it (JDK 17
     * relocates by default, at every start). The JVM's own log says so: a java wrapper adds the log option.
     */
    @Test
    void theStartupArchiveIsMappedWithoutRelocation() throws Exception {
        assumeTrue(Files.isRegularFile(CliHarness.home().resolve("cli/target/pycd.jsa")), "the build's CDS archive");
        write(tmp.resolve("proj/m.py"), "X = 1\n");
        Path log = tmp.resolve("cds.log");
        Path wrapper = javaLogging("cds", log);
        CliHarness.Result r = binPycd(tmp, Map.of("PYCD_JAVA", wrapper.toString()), List.of(), null,
                "compile", "-q", "--python", "python3.12", "proj");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(Files.readString(log)).contains("Mapped dynamic region").doesNotContain("alternative address");
    }

    /**
     * A compile that a daemon answers never opens the jar (every class it needs is in the start-up archive): bin/pycd
     * names the JDK's selector provider on Linux, which the JDK otherwise looks for as a service in every jar on the
     * class path. The JVM's class-loading log says whether the jar's loader ran: a java wrapper adds the option.
     */
    @Test
    void aCompileTheDaemonAnswersNeverOpensTheJar() throws Exception {
        assumeTrue(System.getProperty("os.name").equals("Linux"), "the provider is named on Linux");
        assumeTrue(Files.isRegularFile(CliHarness.home().resolve("cli/target/pycd.jsa")), "the build's CDS archive");
        Path root = tmp.toRealPath().resolve("proj");
        write(root.resolve("m.py"), "X = 1\n");
        Map<String, String> own = Map.of("XDG_RUNTIME_DIR", tmp.toRealPath().resolve("run").toString(),
                "XDG_STATE_HOME", tmp.toRealPath().resolve("state").toString());
        Path log = tmp.resolve("classes.log");
        Path wrapper = javaLogging("class+load", log);
        CliHarness.Result start = binPycd(tmp, own, List.of(), null, "daemon", "start", "--python", "python3.12",
                root.toString());
        assertThat(start.exit()).as(start.toString()).isZero();
        try {
            Map<String, String> logged = new java.util.HashMap<>(own);
            logged.put("PYCD_JAVA", wrapper.toString());
            CliHarness.Result asked = null;
            for (int i = 0; i < 50; i++) { // the daemon declines while it starts up: asked again until it answers
                asked = binPycd(tmp, logged, List.of(), null, "compile", "-v", "--python", "python3.12",
                        root.toString());
                if (asked.err().contains("the daemon answered")) {
                    break;
                }
            }
            assertThat(asked.exit()).as(asked.toString()).isZero();
            assertThat(asked.err()).as(asked.toString()).contains("the daemon answered");
            assertThat(Files.readString(log)).contains("io.pycd.cli.Main ")
                    .doesNotContain("jdk.internal.loader.URLClassPath$JarLoader ");
        } finally {
            binPycd(tmp, own, List.of(), null, "daemon", "stop");
        }
    }

    /** A java for PYCD_JAVA: this JDK's, with the JVM's log of {@code tags} at info going to {@code log}. */
    private Path javaLogging(String tags, Path log) throws Exception {
        Path realJava = Path.of(System.getProperty("java.home"), "bin", "java");
        Path wrapper = write(tmp.resolve("java"), "#!/usr/bin/env bash\n"
                + "args=()\n"
                + "for a in \"$@\"; do [ \"$a\" = -cp ] && args+=(\"-Xlog:" + tags + "=info:file=" + log + "\"); args+=(\"$a\"); done\n"
                + "exec '" + realJava + "' \"${args[@]}\"\n");
        Files.setPosixFilePermissions(wrapper, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        return wrapper;
    }

    @Test
    void sourceDateEpochMakesCheckedHashPycsAndStatusCheckFailsOnStale() throws Exception {
        Path root = tmp.resolve("proj");
        Path src = write(root.resolve("m.py"), "X = 1\n");
        CliHarness.Result r = binPycd(tmp, Map.of("SOURCE_DATE_EPOCH", "1700000000"), List.of(), null,
                "compile", "-q", "--python", "python3.12", "proj");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).isEmpty();
        Path cache;
        try (var s = Files.list(root.resolve("__pycache__"))) {
            cache = s.findFirst().orElseThrow();
        }
        assertThat(Files.readAllBytes(cache)[4]).as("flags").isEqualTo((byte) 3);

        write(src, "X = 2\n");
        CliHarness.Result check = binPycd(tmp, Map.of("SOURCE_DATE_EPOCH", "1700000000"), List.of(), null,
                "status", "--check", "--python", "python3.12", "proj");
        assertThat(check.exit()).as(check.toString()).isEqualTo(1);
        assertThat(check.out()).contains("stale ");
    }

    @Test
    void standardInputListAndUsageErrors() {
        Path root = tmp.resolve("proj");
        write(root.resolve("a.py"), "A = 1\n");
        write(root.resolve("b.py"), "B = 1\n");
        CliHarness.Result r = binPycd(tmp, Map.of(), List.of(), "proj/a.py\n",
                "compile", "--python", "python3.12", "--format", "json", "-i", "-");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.json().get("compiled")).singleElement()
                .satisfies(c -> assertThat(c.get("source").asText()).isEqualTo("proj/a.py"));

        CliHarness.Result missing = binPycd(tmp, Map.of(), List.of(), null, "compile", "--python", "python3.12",
                "no/such/path");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("no/such/path");

        Path toml = write(root.resolve("pyproject.toml"), "[tool.pycd]\noptimize = [0,\n");
        CliHarness.Result config = binPycd(root, Map.of(), List.of(), null, "compile");
        assertThat(config.exit()).isEqualTo(2);
        assertThat(config.err()).containsPattern("pyproject\\.toml:\\d+");
        assertThat(toml).isRegularFile();
    }
}
