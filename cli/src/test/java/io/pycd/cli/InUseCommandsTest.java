package io.pycd.cli;

import static io.pycd.cli.CliHarness.runIn;
import static io.pycd.cli.CliHarness.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pycd.testing.Py;
import io.pycd.testing.Pythons;
import io.pycd.testing.TestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * clean and status judge versions by what is in use on the machine: a PATH made for each test (real interpreters
 * linked into it) and no pyenv, so the machine's own interpreters do not decide.
 */
class InUseCommandsTest {

    @TempDir
    Path tmp;

    Path bin;
    Path proj;
    Map<String, String> env;

    @BeforeEach
    void setUp() throws Exception {
        bin = Files.createDirectories(tmp.resolve("bin"));
        env = CliHarness.onlyInterpretersIn(bin, tmp);
        proj = tmp.resolve("flask");
        write(proj.resolve("src/flask/__init__.py"), "from .app import Flask\n");
        write(proj.resolve("src/flask/app.py"), "class Flask:\n    pass\n");
        write(proj.resolve("src/flask/helpers.py"), "def url_for():\n    return '/'\n");
        write(proj.resolve("tests/test_app.py"), "def test_app():\n    assert True\n");
    }

    private void onPath(String name, Path target) throws Exception {
        Files.createSymbolicLink(bin.resolve(name), target);
    }

    private static List<String> removed(JsonNode doc) {
        List<String> out = new ArrayList<>();
        doc.get("removed").forEach(r -> out.add(r.get("reason").asText() + " " + r.get("path").asText()));
        return out;
    }

    /** The flask case: caches of three interpreters on PATH, then a plain clean removes none of them. */
    @Test
    void cachesOfEveryInterpreterOnPathSurviveAPlainClean() throws Exception {
        onPath("python3", Pythons.require("3.11"));
        onPath("python3.11", Pythons.require("3.11"));
        onPath("python3.12", Pythons.require("3.12"));
        onPath("python3.13", Pythons.require("3.13"));
        CliHarness.Result compiled = runIn(env, "compile", "-q", "--python", "python3.11", "--python", "python3.12",
                "--python", "python3.13", proj.toString());
        assertThat(compiled.exit()).as(compiled.toString()).isZero();
        List<String> before = TestFiles.listing(proj);

        CliHarness.Result dry = runIn(env, "clean", "-n", "--format", "json", proj.toString());
        assertThat(dry.exit()).as(dry.toString()).isZero();
        assertThat(removed(dry.json())).isEmpty();
        JsonNode keep = dry.json().get("keep");
        assertThat(keep.get("cpython-311").get("reason").asText()).isEqualTo("target");
        assertThat(keep.get("cpython-312").get("reason").asText()).isEqualTo("PATH");
        assertThat(keep.get("cpython-313").get("from").asText()).isEqualTo(bin.resolve("python3.13").toString());

        CliHarness.Result text = runIn(env, "clean", proj.toString());
        assertThat(text.exit()).as(text.toString()).isZero();
        assertThat(text.out().lines().toList()).containsExactly(
                "keeping 3.11 (target), 3.12 (PATH), 3.13 (PATH)",
                text.out().lines().toList().get(1));
        assertThat(text.out()).contains("removed 0 files, 0 folders, 0 B · kept 12 fresh");
        assertThat(TestFiles.listing(proj)).isEqualTo(before);

        JsonNode status = runIn(env, "status", "--format", "json", proj.toString()).json();
        assertThat(status.get("counts").get("fresh").asInt()).isEqualTo(4);
        assertThat(status.get("counts").get("other_version").asInt()).isEqualTo(8);
        assertThat(status.get("counts").get("wrong_version").asInt()).isZero();

        CliHarness.Result narrow = runIn(env, "clean", "-n", "--only-targets", "--format", "json", proj.toString());
        assertThat(removed(narrow.json())).hasSize(8).allSatisfy(r -> assertThat(r).startsWith("wrong-version "));
        assertThat(narrow.json().get("keep").fieldNames()).toIterable().containsExactly("cpython-311");
        assertThat(runIn(env, "status", "--only-targets", "--format", "json", proj.toString()).json()
                .get("counts").get("wrong_version").asInt()).isEqualTo(8);
    }

    @Test
    void requiresPythonMakesAnInstalledVersionWrongUnlessItIsNamed() throws Exception {
        onPath("python3", Pythons.require("3.12"));
        onPath("python3.11", Pythons.require("3.11"));
        write(proj.resolve("pyproject.toml"), "[project]\nname = \"flask\"\nrequires-python = \">=3.12\"\n");
        Py.run(Py.get("3.11"), List.of("-I", "-m", "compileall", "-q", proj.resolve("src").toString())).ok();
        assertThat(runIn(env, "compile", "-q", proj.toString()).exit()).isZero();

        CliHarness.Result dry = runIn(env, "clean", "-n", "--format", "json", proj.toString());
        assertThat(removed(dry.json())).hasSize(3).allSatisfy(r -> assertThat(r).startsWith("wrong-version ")
                .contains("cpython-311"));
        assertThat(dry.json().get("not_kept").get("cpython-311").get("why").asText())
                .isEqualTo("outside requires-python >=3.12");
        assertThat(runIn(env, "clean", "-n", proj.toString()).out().lines().findFirst().orElseThrow())
                .isEqualTo("keeping 3.12 (target) · not 3.11 (outside requires-python >=3.12)");

        CliHarness.Result named = runIn(env, "clean", "-n", "--keep-version", "3.11", "--format", "json",
                proj.toString());
        assertThat(removed(named.json())).isEmpty();
        assertThat(named.json().get("keep").get("cpython-311").get("reason").asText()).isEqualTo("keep-version");
    }

    /** With the interpreters' facts remembered, a clean or status with nothing to do starts no Python. */
    @Test
    void aNoOpCleanOrStatusStartsNoPythonOnceFactsAreKnown() throws Exception {
        Path log = tmp.resolve("starts.log");
        onPath("python3", Pythons.loggingWrapper(Pythons.require("3.12"), Files.createDirectories(tmp.resolve("w12")),
                log, ""));
        onPath("python3.13", Pythons.loggingWrapper(Pythons.require("3.13"),
                Files.createDirectories(tmp.resolve("w13")), log, ""));
        Py.run(Py.get("3.13"), List.of("-I", "-m", "compileall", "-q", proj.toString())).ok();
        assertThat(runIn(env, "compile", "-q", proj.toString()).exit()).isZero();
        assertThat(runIn(env, "clean", "-n", proj.toString()).exit()).isZero();
        int known = TestFiles.lines(log).size();
        assertThat(known).as("each interpreter asked once").isEqualTo(2);

        CliHarness.Result clean = runIn(env, "clean", "-n", "--format", "json", proj.toString());
        assertThat(removed(clean.json())).isEmpty();
        JsonNode status = runIn(env, "status", "--format", "json", proj.toString()).json();
        assertThat(status.get("counts").get("other_version").asInt()).isEqualTo(4);
        assertThat(TestFiles.lines(log)).as("nothing started again").hasSize(known);
    }

    /**
     * An interpreter on PATH that does not answer in time (a hung wrapper, a cold network drive): clean cannot learn
     * its version, so it keeps the caches its name says it may use, and says so; status calls them other-version.
     */
    @Test
    void cachesOfAnInterpreterThatDoesNotAnswerSurviveAClean() throws Exception {
        onPath("python3", Pythons.require("3.11"));
        onPath("python3.13", Pythons.require("3.13"));
        CliHarness.Result compiled = runIn(env, "compile", "-q", "--python", "python3", "--python", "python3.13",
                proj.toString());
        assertThat(compiled.exit()).as(compiled.toString()).isZero();
        Files.delete(bin.resolve("python3.13"));
        Files.writeString(bin.resolve("python3.13"), "#!/bin/sh\nexec sleep 60\n");
        bin.resolve("python3.13").toFile().setExecutable(true);
        List<String> before = TestFiles.listing(proj);

        System.setProperty("pycd.interpreters.within", "500");
        try {
            CliHarness.Result dry = runIn(env, "clean", "-n", "--format", "json", proj.toString());
            assertThat(dry.exit()).as(dry.toString()).isZero();
            assertThat(removed(dry.json())).isEmpty();
            JsonNode unanswered = dry.json().get("unanswered");
            assertThat(unanswered).hasSize(1);
            assertThat(unanswered.get(0).get("from").asText()).isEqualTo(bin.resolve("python3.13").toString());
            assertThat(unanswered.get(0).get("tag").asText()).isEqualTo("cpython-313");

            CliHarness.Result text = runIn(env, "clean", proj.toString());
            assertThat(text.out().lines().findFirst()).contains(
                    "keeping 3.11 (target) · also 3.13 (" + bin.resolve("python3.13") + " did not answer)");
            assertThat(TestFiles.listing(proj)).isEqualTo(before);

            JsonNode status = runIn(env, "status", "--format", "json", proj.toString()).json();
            assertThat(status.get("counts").get("other_version").asInt()).isEqualTo(4);
            assertThat(status.get("counts").get("wrong_version").asInt()).isZero();
        } finally {
            System.clearProperty("pycd.interpreters.within");
        }
    }
}
