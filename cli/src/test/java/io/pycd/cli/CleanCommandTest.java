package io.pycd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pycd.interpreter.Interpreter;
import io.pycd.testing.Py;
import io.pycd.testing.ReadOnly;
import io.pycd.testing.TestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pycd clean} as a user runs it: exit codes, the JSON document, the summary, --erase questions. */
class CleanCommandTest {

    @TempDir
    Path tmp;

    Path tree;
    String python;
    CliHarness.Result last;

    @BeforeEach
    void setUp() throws Exception {
        Interpreter py = CliHarness.python("3.12");
        python = py.executable().toString();
        tree = Files.createDirectories(tmp.resolve("proj"));
        write("pkg/keep.py", "x = 1\n");
        write("pkg/gone.py", "x = 1\n");
        write("pkg/only.py", "x = 1\n");
        Py.run(py, List.of("-I", "-m", "compileall", "-q", tree.toString())).ok();
        Py.run(py, List.of("-I", "-m", "compileall", "-q", "-b", tree.resolve("pkg/only.py").toString())).ok();
        Files.delete(tree.resolve("pkg/gone.py"));
        Files.delete(tree.resolve("pkg/only.py"));
        write("pkg/__pycache__/keep.cpython-312.pyc.99", "temp");
        write("pkg/notes.bak", "bak");
        write("pkg/old.bak", "bak");
        Files.createSymbolicLink(tree.resolve("link"), tmp);
    }

    @AfterEach
    void tearDown() {
        CleanCommand.prompts = CleanCommandTest::noTerminal;
    }

    private static Optional<CleanCommand.Prompt> noTerminal() {
        return Optional.empty();
    }

    private void write(String rel, String text) {
        TestFiles.write(tree.resolve(rel), text);
    }

    private int run(String... args) {
        List<String> all = new ArrayList<>(List.of("clean"));
        all.addAll(List.of(args));
        last = CliHarness.run(all.toArray(String[]::new));
        return last.exit();
    }

    private JsonNode json() {
        return last.json();
    }

    @Test
    void jsonHasExactlyTheDocumentedShapeAndDryRunListsWhatTheRealRunRemoves() throws Exception {
        assertThat(run("--python", python, "--dry-run", "--format", "json", tree.toString())).isZero();
        JsonNode dry = json();
        assertThat(dry.fieldNames()).toIterable()
                .containsExactly("removed", "kept_sourceless", "skipped", "errors", "bytes_freed", "keep", "not_kept",
                        "unanswered");
        assertThat(dry.get("keep").get("cpython-312").get("reason").asText()).isEqualTo("target");
        assertThat(dry.get("unanswered")).isEmpty();
        assertThat(dry.get("removed")).isNotEmpty().allSatisfy(r ->
                assertThat(r.fieldNames()).toIterable().containsExactly("path", "reason", "bytes"));
        assertThat(dry.get("skipped")).allSatisfy(r ->
                assertThat(r.fieldNames()).toIterable().containsExactly("path", "reason"));
        assertThat(dry.get("kept_sourceless").get(0).asText()).isEqualTo(tree.resolve("pkg/only.pyc").toString());
        assertThat(dry.get("skipped").get(0).get("path").asText()).isEqualTo(tree.resolve("link").toString());
        assertThat(tree.resolve("pkg/__pycache__/gone.cpython-312.pyc")).exists();

        assertThat(run("--python", python, "--format", "json", tree.toString())).isZero();
        JsonNode real = json();
        assertThat(real.get("removed")).isEqualTo(dry.get("removed"));
        assertThat(real.get("bytes_freed")).isEqualTo(dry.get("bytes_freed"));
        assertThat(real.get("errors")).isEmpty();
        List<String> reasons = new ArrayList<>();
        real.get("removed").forEach(r -> reasons.add(r.get("reason").asText()));
        assertThat(reasons).containsExactlyInAnyOrder("orphan", "orphan", "temp");
        assertThat(tree.resolve("pkg/__pycache__/gone.cpython-312.pyc")).doesNotExist();
        assertThat(tree.resolve("pkg/__pycache__/keep.cpython-312.pyc")).exists();
        assertThat(tree.resolve("pkg/only.pyc")).exists();
    }

    @Test
    void summaryLineAndVerboseListing() {
        assertThat(run("--python", python, "-v", tree.toString())).isZero();
        String text = last.out();
        assertThat(text).contains("orphan        " + tree.resolve("pkg/__pycache__/gone.cpython-312.pyc"));
        assertThat(text).contains("skipped       " + tree.resolve("link") + " (symlinked folder, not followed)");
        assertThat(text.lines().reduce((a, b) -> b).orElseThrow())
                .matches("removed 3 files, 0 folders, [0-9.]+ k?B · kept 1 fresh · 1 sourceless kept · 0 errors");
    }

    @Test
    void allRemovesFreshCachesToo() {
        assertThat(run("--all", "-q", tree.toString())).isZero();
        assertThat(last.out()).isEmpty();
        assertThat(tree.resolve("pkg/__pycache__")).doesNotExist();
        assertThat(tree.resolve("pkg/only.pyc")).exists();
    }

    @Test
    void usageErrorsExitTwoAndChangeNothing() {
        assertThat(run("--yes", tree.toString())).isEqualTo(2);
        assertThat(last.err()).contains("--yes");
        assertThat(run("--python", python, tree.resolve("missing").toString())).isEqualTo(2);
        assertThat(run("--python", python, tree.resolve("pkg/keep.py").toString())).isEqualTo(2);
        assertThat(run("--debris", "nonsense", tree.toString())).isEqualTo(2);
        assertThat(last.err()).contains("unknown debris topic 'nonsense'");
        assertThat(run("--python", python, "--keep-version", "three", tree.toString())).isEqualTo(2);
        assertThat(run("--python", python, "--erase", "*.bak", tree.toString())).isEqualTo(2);
        assertThat(last.err()).contains("no terminal to ask on");
        assertThat(tree.resolve("pkg/notes.bak")).exists();
        assertThat(tree.resolve("pkg/__pycache__/gone.cpython-312.pyc")).exists();
    }

    @Test
    void debrisWithoutTopicLeavesThePathAPath() throws Exception {
        write(".pytest_cache/README.md", "x");
        write(".mypy_cache/x.json", "x");
        assertThat(run("--python", python, "--debris", tree.toString())).isZero();
        assertThat(tree.resolve(".pytest_cache")).doesNotExist();
        assertThat(tree.resolve(".mypy_cache")).as("mypy is not a default topic").exists();
        assertThat(run("--python", python, "--debris", "mypy", "tox", tree.toString())).isZero();
        assertThat(tree.resolve(".mypy_cache")).doesNotExist();
    }

    @Test
    void eraseAsksForEachMatchUnlessYes() {
        Deque<String> asked = new ArrayDeque<>();
        CleanCommand.prompts = () -> Optional.of(question -> {
            asked.add(question);
            return question.contains("notes.bak");
        });
        assertThat(run("--python", python, "--erase", "*.bak", tree.toString())).isZero();
        assertThat(asked).hasSize(2);
        assertThat(tree.resolve("pkg/notes.bak")).doesNotExist();
        assertThat(tree.resolve("pkg/old.bak")).exists();

        CleanCommand.prompts = CleanCommandTest::noTerminal;
        assertThat(run("--python", python, "--erase", "*.bak", "--yes", tree.toString())).isZero();
        assertThat(tree.resolve("pkg/old.bak")).doesNotExist();
    }

    @Test
    void aDryRunForeseesWhatAReadOnlyFolderRefusesAndSaysItCannotPromiseMore() throws Exception {
        Path locked = tree.resolve("pkg/__pycache__");
        ReadOnly.lock(locked);
        try {
            assertThat(run("--python", python, "--dry-run", "--format", "json", tree.toString())).isEqualTo(1);
            JsonNode dry = json();
            assertThat(dry.get("errors")).hasSize(3)
                    .allSatisfy(e -> assertThat(e.get("message").asText()).startsWith("cannot remove: "));

            assertThat(run("--python", python, "--dry-run", tree.toString())).isEqualTo(1);
            assertThat(last.out()).contains("would remove ").contains(" · 3 errors\n");
            assertThat(last.out().lines().filter(l -> l.contains("a real run can meet others"))).hasSize(1);
            assertThat(last.err().lines()).hasSize(3).allSatisfy(l -> assertThat(l).contains(": cannot remove: "));

            assertThat(run("--python", python, "--format", "json", tree.toString())).isEqualTo(1);
            assertThat(json().get("errors")).isEqualTo(dry.get("errors"));
            assertThat(json().get("removed")).isEqualTo(dry.get("removed"));
            assertThat(run("--python", python, tree.toString())).isEqualTo(1);
            assertThat(last.out()).doesNotContain("a real run can meet others");
        } finally {
            ReadOnly.unlock(locked);
        }
    }

    @Test
    void failedRemovalsExitOne() throws Exception {
        Path locked = tree.resolve("pkg/__pycache__");
        ReadOnly.lock(locked);
        try {
            assertThat(run("--python", python, "--format", "json", tree.toString())).isEqualTo(1);
            JsonNode doc = json();
            assertThat(doc.get("errors")).hasSize(3);
            assertThat(doc.get("errors").get(0).get("message").asText()).startsWith("cannot remove:");
        } finally {
            ReadOnly.unlock(locked);
        }
    }
}
