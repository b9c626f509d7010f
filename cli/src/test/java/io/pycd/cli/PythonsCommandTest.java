package io.pycd.cli;

import static io.pycd.cli.CliHarness.fieldNames;
import static io.pycd.cli.CliHarness.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pycd.interpreter.Interpreter;
import io.pycd.testing.Pythons;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pycd pythons: what it finds, with version, cache tag and magic, and which one is the default. */
class PythonsCommandTest {

    @TempDir
    Path tmp;

    @Test
    void textListsEachInterpreterWithTagAndMagic() {
        Interpreter p312 = CliHarness.python("3.12");
        CliHarness.Result r = run("pythons", tmp.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out().lines()).anySatisfy(l -> assertThat(l).contains(p312.version()).contains("cpython-312")
                .contains("magic " + p312.magicNumber()).contains(p312.executable().toString()));
        assertThat(r.out()).containsPattern("(?m)^\\* ").contains("default (*) from ");
    }

    @Test
    void anInterpreterOfAVersionPycdDoesNotTargetIsNamedByThatVersionEverywhere() {
        Pythons.Old python2 = Pythons.findUnsupported("2.7").orElse(null);
        assumeTrue(python2 != null, "no Python 2.7 on this machine");
        CliHarness.python("3.12");
        String refusal = python2.version() + " is not supported (pycd needs 3.6 or newer)";
        CliHarness.Result r = run("compile", "--python", "python2.7", tmp.toString());
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("pycd: python2.7: " + refusal + "\n");

        r = run("pythons", "-v", tmp.toString());
        assertThat(r.err().lines()).contains("pycd: skipped " + python2.executable() + ": " + refusal)
                .noneMatch(l -> l.contains("Python versions to be found"));
        JsonNode problems = run("pythons", "--format", "json", tmp.toString()).json().get("problems");
        assertThat(problems).anySatisfy(p -> assertThat(p.asText()).isEqualTo(python2.executable() + ": " + refusal));
    }

    @Test
    void aDefaultThatCannotBeUsedIsSaidAndExits2AsCompileWould() {
        CliHarness.python("3.12");
        CliHarness.write(tmp.resolve("pyproject.toml"), "[tool.pycd]\npythons = [\"/bin/false\"]\n");
        String why = "/bin/false: not a Python 3 interpreter pycd can use";
        CliHarness.Result compile = run("compile", tmp.toString());
        assertThat(compile.exit()).as(compile.toString()).isEqualTo(2);
        assertThat(compile.err()).contains(why);

        CliHarness.Result r = run("pythons", tmp.toString());
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.out()).as("listed all the same").contains("cpython-312").doesNotContain("default (*)");
        assertThat(r.err()).contains(why);
        JsonNode doc = run("pythons", "--format", "json", tmp.toString()).json();
        assertThat(doc.get("default")).isEmpty();
        assertThat(doc.get("default_problem").asText()).startsWith(why);
    }

    @Test
    void aPathThatDoesNotExistIsAUsageErrorAsForCompile() {
        CliHarness.Result r = run("pythons", tmp.resolve("nowhere").toString());
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("pycd: " + tmp.resolve("nowhere") + ": no such file or folder\n");
        assertThat(run("pythons", "--format", "json", tmp.toString()).json().get("default_problem").isNull()).isTrue();
    }

    @Test
    void jsonNamesTheDefaultAndWhereItCameFrom() {
        Interpreter p313 = CliHarness.python("3.13");
        CliHarness.write(tmp.resolve("pyproject.toml"), "[tool.pycd]\npythons = [\"python3.13\"]\n");
        CliHarness.Result r = run("pythons", "--format", "json", tmp.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        JsonNode doc = r.json();
        assertThat(fieldNames(doc)).contains("interpreters", "default", "default_from");
        assertThat(doc.get("default_from").asText()).isEqualTo("pyproject.toml");
        assertThat(doc.get("default")).singleElement()
                .satisfies(d -> assertThat(d.asText()).isEqualTo(p313.executable().toString()));
        assertThat(doc.get("interpreters")).anySatisfy(i -> {
            assertThat(fieldNames(i)).contains("path", "version", "cache_tag", "magic", "default", "found_as");
            assertThat(i.get("cache_tag").asText()).isEqualTo("cpython-313");
            assertThat(i.get("magic").asInt()).isEqualTo(p313.magicNumber());
            assertThat(i.get("default").asBoolean()).isTrue();
        });
    }
}
