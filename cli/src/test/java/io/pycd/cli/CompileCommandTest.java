package io.pycd.cli;

import static io.pycd.cli.CliHarness.fieldNames;
import static io.pycd.cli.CliHarness.run;
import static io.pycd.cli.CliHarness.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pycd.interpreter.Interpreter;
import io.pycd.testing.FullFileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pycd compile's contract, in-process: output shapes, exit codes, and every flag reaching the engine. */
class CompileCommandTest {

    @TempDir
    Path tmp;

    Interpreter p312;
    Path root;
    String tag;

    @BeforeEach
    void tree() {
        p312 = CliHarness.python("3.12");
        tag = p312.cacheTag();
        root = tmp.resolve("proj");
        write(root.resolve("pkg/__init__.py"), "");
        write(root.resolve("pkg/mod.py"), "'''doc'''\nassert True\nX = 1\n");
    }

    @Test
    void quietSuccessIsOneSummaryLine() {
        CliHarness.Result r = run("compile", "--python", "python3.12", root.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out().lines().toList()).singleElement().asString()
                .matches("caches: compiled 2 · from store 0 · fresh 0 · failed 0 · [0-9.,]+ (s|ms)");
        assertThat(r.err()).isEmpty();
        assertThat(root.resolve("pkg/__pycache__/mod." + tag + ".pyc")).isRegularFile();

        r = run("compile", "--python", "python3.12", root.toString());
        assertThat(r.out()).startsWith("caches: compiled 0 · from store 0 · fresh 2 · failed 0 · ");
        assertThat(run("compile", "-q", "--python", "python3.12", root.toString()).out()).isEmpty();
    }

    /** A branch switch back: the caches are gone and the sources have new mtimes, but their bytes are known. */
    @Test
    void modulesCompiledBeforeComeFromTheStore() throws Exception {
        assertThat(run("compile", "-q", "--python", "python3.12", root.toString()).exit()).isZero();
        deleteCachesAndTouch();
        CliHarness.Result r = run("compile", "--python", "python3.12", root.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("caches: compiled 0 · from store 2 · fresh 0 · failed 0 · ");
        deleteCachesAndTouch();
        CliHarness.Result v = run("compile", "-v", "--python", "python3.12", root.toString());
        assertThat(v.out()).contains("from store " + root.resolve("pkg/mod.py") + " -> ");
        deleteCachesAndTouch();
        JsonNode doc = run("compile", "--format", "json", "--python", "python3.12", root.toString()).json();
        assertThat(doc.get("from_store").asInt()).isEqualTo(2);
        assertThat(doc.get("compiled")).hasSize(2).allSatisfy(c -> assertThat(c.get("from_store").asBoolean()).isTrue());
        deleteCachesAndTouch();
        assertThat(run("compile", "--force", "--python", "python3.12", root.toString()).out())
                .as("--force compiles").startsWith("caches: compiled 2 · from store 0 · ");
    }

    @Test
    void noStoreAndStoreFalseCompileEverything() throws Exception {
        assertThat(run("compile", "-q", "--python", "python3.12", root.toString()).exit()).isZero();
        deleteCachesAndTouch();
        CliHarness.Result r = run("compile", "--no-store", "--python", "python3.12", root.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("caches: compiled 2 · fresh 0 · failed 0 · ");
        deleteCachesAndTouch();
        write(root.resolve("pyproject.toml"), "[tool.pycd]\nstore = false\n");
        JsonNode doc = run("compile", "--format", "json", "--python", "python3.12", root.toString()).json();
        assertThat(doc.get("from_store").asInt()).isZero();
        assertThat(doc.get("compiled")).hasSize(2);
    }

    private void deleteCachesAndTouch() throws java.io.IOException {
        try (var files = java.nio.file.Files.walk(root)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                if (p.toString().contains("__pycache__")) {
                    java.nio.file.Files.delete(p);
                } else if (p.toString().endsWith(".py")) {
                    java.nio.file.Files.setLastModifiedTime(p, java.nio.file.attribute.FileTime.fromMillis(
                            java.nio.file.Files.getLastModifiedTime(p).toMillis() + 3_600_000));
                }
            }
        }
    }

    @Test
    void failuresArePathLineColumnErrorMessageAndExitOne() {
        Path bad = write(root.resolve("bad.py"), "x = (\n");
        CliHarness.Result r = run("compile", "--python", "python3.12", root.toString());
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.out().lines().toList()).hasSize(2);
        assertThat(r.out().lines().findFirst().orElseThrow()).matches("\\Q" + bad + "\\E:1:\\d+: SyntaxError: .+");
        assertThat(r.out()).contains("caches: compiled 2 · from store 0 · fresh 0 · failed 1 · ");
    }

    @Test
    void jsonDocumentHasTheDocumentedShape() {
        Path bad = write(root.resolve("bad.py"), "def f(:\n");
        Path warns = write(root.resolve("warns.py"), "if 1 is 1:\n    pass\n");
        CliHarness.Result r = run("compile", "--python", "python3.12", "--python", "python3.13", "--format", "json",
                root.toString());
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        JsonNode doc = r.json();
        assertThat(fieldNames(doc))
                .containsExactly("interpreters", "compiled", "fresh", "from_store", "failed", "warnings", "skipped",
                        "seconds", "counts", "dont_write_bytecode", "env", "tolerated", "hint");
        assertThat(doc.get("interpreters")).hasSize(2);
        for (JsonNode i : doc.get("interpreters")) {
            assertThat(fieldNames(i)).containsExactly("path", "version", "cache_tag");
        }
        assertThat(doc.get("interpreters").get(0).get("cache_tag").asText()).isEqualTo(tag);
        assertThat(doc.get("interpreters").get(0).get("path").asText()).isEqualTo(p312.executable().toString());
        assertThat(doc.get("compiled")).hasSize(6);
        for (JsonNode c : doc.get("compiled")) {
            assertThat(fieldNames(c)).containsExactly("source", "cache", "interpreter", "from_store");
            assertThat(c.get("from_store").asBoolean()).isFalse();
            assertThat(Path.of(c.get("cache").asText())).isRegularFile();
        }
        assertThat(doc.get("fresh").isInt()).isTrue();
        assertThat(doc.get("failed")).hasSize(2);
        JsonNode f = doc.get("failed").get(0);
        assertThat(fieldNames(f)).containsExactly("source", "interpreter", "error", "message", "line", "column");
        assertThat(f.get("source").asText()).isEqualTo(bad.toString());
        assertThat(f.get("error").asText()).isEqualTo("SyntaxError");
        assertThat(f.get("line").asInt()).isEqualTo(1);
        assertThat(f.get("column").asInt()).isPositive();
        assertThat(doc.get("warnings")).hasSize(2);
        for (JsonNode w : doc.get("warnings")) {
            assertThat(fieldNames(w)).containsExactly("source", "interpreter", "category", "message", "line");
            assertThat(w.get("source").asText()).isEqualTo(warns.toString());
            assertThat(w.get("category").asText()).isEqualTo("SyntaxWarning");
            assertThat(w.get("line").asInt()).isEqualTo(1);
        }
        assertThat(doc.get("skipped").isArray()).isTrue();
        assertThat(doc.get("seconds").isNumber()).isTrue();
    }

    @Test
    void compileAndStatusCountTheSameUnitCachesAndNameIt() {
        write(root.resolve("bad.py"), "x = (\n");
        String[] targets = {"--python", "python3.12", "--python", "python3.13", "-o", "0", "-o", "1"};
        CliHarness.Result before = run(concat(new String[] {"status"}, targets, root.toString()));
        assertThat(before.out()).contains("caches: fresh 0 · stale 0 · missing 12 · ");

        CliHarness.Result r = run(concat(new String[] {"compile"}, targets, root.toString()));
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        // 3 sources, 2 interpreters, 2 levels: 8 caches written, 4 not (bad.py's).
        assertThat(r.out()).contains("caches: compiled 8 · from store 0 · fresh 0 · failed 4 · ");
        JsonNode counts = run(concat(new String[] {"compile", "--format", "json"}, targets, root.toString()))
                .json().get("counts");
        assertThat(counts.toString()).isEqualTo("{\"compiled\":0,\"from_store\":0,\"fresh\":8,\"failed\":4}");
        assertThat(run(concat(new String[] {"compile"}, targets, root.toString())).out())
                .contains("caches: compiled 0 · from store 0 · fresh 8 · failed 4 · ");
        assertThat(run(concat(new String[] {"status"}, targets, root.toString())).out())
                .contains("caches: fresh 8 · stale 0 · missing 4 · ");
    }

    @Test
    void verboseSaysWhyEachCacheWasCompiled() throws Exception {
        Path mod = root.resolve("pkg/mod.py");
        Path init = root.resolve("pkg/__init__.py");
        Path cache0 = root.resolve("pkg/__pycache__/mod." + tag + ".pyc");
        Path cache1 = root.resolve("pkg/__pycache__/mod." + tag + ".opt-1.pyc");
        CliHarness.Result r = run("compile", "-v", "--python", "python3.12", root.toString());
        assertThat(r.out()).contains("compiled " + mod + " -> " + cache0 + " (missing)\n");

        java.nio.file.attribute.FileTime was = Files.getLastModifiedTime(mod);
        write(mod, "'''doc'''\nassert True\nX = 2\n");
        Files.setLastModifiedTime(mod, java.nio.file.attribute.FileTime.fromMillis(was.toMillis() + 10_000));
        r = run("compile", "-v", "--python", "python3.12", "-o", "0", "-o", "1", root.toString());
        assertThat(r.out()).contains("compiled " + mod + " -> " + cache0 + " (stale: source modified)\n")
                .contains("compiled " + mod + " -> " + cache1 + " (missing)\n")
                .contains("compiled " + init + " -> " + root.resolve("pkg/__pycache__/__init__." + tag + ".pyc")
                        + " (fresh; written again with its other levels)\n");

        r = run("compile", "-v", "--force", "--python", "python3.12", root.toString());
        assertThat(r.out()).contains("compiled " + mod + " -> " + cache0 + " (--force)\n");
    }

    private static String[] concat(String[] first, String[] middle, String last) {
        List<String> all = new java.util.ArrayList<>(List.of(first));
        all.addAll(List.of(middle));
        all.add(last);
        return all.toArray(new String[0]);
    }

    @Test
    void aFullDiskIsSaidOnceWithACountAndTheReportIsFinished() throws Exception {
        Path src = tmp.resolve("src");
        String module = "x = 1\n".repeat(200);
        for (int i = 1; i <= 24; i++) {
            write(src.resolve("m" + i + ".py"), module);
        }
        try (FullFileSystem small = FullFileSystem.mount(tmp.resolve("small"), 64)) {
            CliHarness.Result r = run("compile", "--python", "python3.12", "--pycache-prefix", small.root().toString(),
                    src.toString());
            assertThat(r.exit()).as(r.toString()).isEqualTo(1);
            List<String> full = r.out().lines().filter(l -> l.contains("No space left on device")).toList();
            assertThat(full).as(r.toString()).singleElement().asString().startsWith(small.root().toString())
                    .matches(".*\\.pyc: No space left on device; pycd stopped writing: \\d+ caches? not written");
            String notWritten = full.get(0).replaceAll(".*stopped writing: (\\d+) caches? not written", "$1");
            assertThat(r.out())
                    .containsPattern("caches: compiled \\d+ · from store 0 · fresh 0 · failed " + notWritten + " · ");
            assertThat(r.err()).isEmpty();
        }
    }

    @Test
    void aPathThatDoesNotExistIsExitTwo() {
        CliHarness.Result r = run("compile", "--python", "python3.12", tmp.resolve("nope").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("nope").contains("no such file");
    }

    @Test
    void aFileThatIsNotAPythonSourceIsAUsageErrorOfOneShapeForEveryCommand() {
        Path readme = write(root.resolve("README.md"), "# proj\n");
        for (String command : new String[] {"compile", "status"}) {
            CliHarness.Result r = run(command, "--python", "python3.12", readme.toString());
            assertThat(r.exit()).as(r.toString()).isEqualTo(2);
            assertThat(r.out()).as(command).isEmpty();
            assertThat(r.err()).as(command).isEqualTo("pycd: " + readme + ": not a Python source (" + command
                    + " takes folders and .py files)\n");
            Path list = write(tmp.resolve("list.txt"), root.resolve("pkg/mod.py") + "\n" + readme + "\n");
            assertThat(run(command, "--python", "python3.12", "-i", list.toString()).exit()).as(command).isEqualTo(2);
        }
        assertThat(root.resolve("pkg/__pycache__")).doesNotExist();
        for (String command : new String[] {"clean", "watch"}) {
            CliHarness.Result r = run(command, "--python", "python3.12", readme.toString());
            assertThat(r.exit()).as(r.toString()).isEqualTo(2);
            assertThat(r.err()).as(command).isEqualTo("pycd: " + readme + ": not a folder (" + command
                    + " takes folders)\n");
        }
    }

    @Test
    void usageErrorsAreExitTwo() {
        assertThat(run("compile", "--bogus").exit()).isEqualTo(2);
        assertThat(run("compile", "--python", "python9.9", root.toString()).exit()).isEqualTo(2);
        assertThat(run("compile", "--python", "python3.12", "--invalidation-mode", "sometimes", root.toString())
                .exit()).isEqualTo(2);
        assertThat(run("compile", "--python", "python3.12", "-o", "3", root.toString()).exit()).isEqualTo(2);
    }

    @Test
    void aFormatTheCommandDoesNotHaveIsAUsageError() {
        for (String command : new String[] {"compile", "status", "clean", "pythons"}) {
            CliHarness.Result r = run(command, "--format", "sarif", root.toString());
            assertThat(r.exit()).as(command).isEqualTo(2);
            assertThat(r.out()).as(command).isEmpty();
            assertThat(r.err()).as(command).contains(command + " offers --format text or json, not 'sarif'");
        }
        assertThat(run("compile", "--format", "xml", root.toString()).err())
                .contains("compile offers --format text or json, not 'xml'");
        assertThat(run("compile", "--help").out()).contains("--format=FORMAT").contains("text (default) or json")
                .doesNotContain("sarif");
    }

    @Test
    void malformedPyprojectIsExitTwoWithFileAndLine() {
        Path toml = write(root.resolve("pyproject.toml"), "[tool.pycd]\npythons = [\"python3.12\"\n");
        CliHarness.Result r = run("compile", root.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains(toml + ":");
    }

    @Test
    void pyprojectSettingsApplyAndFlagsWin() {
        write(root.resolve("pyproject.toml"), "[tool.pycd]\npythons = [\"python3.13\"]\noptimize = [2]\n"
                + "invalidation-mode = \"checked-hash\"\nexclude = [\"skip_me\"]\n");
        write(root.resolve("skip_me/x.py"), "");
        CliHarness.Result r = run("compile", "--format", "json", root.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        JsonNode doc = r.json();
        assertThat(doc.get("interpreters").get(0).get("cache_tag").asText()).isEqualTo("cpython-313");
        assertThat(doc.get("compiled")).hasSize(2);
        assertThat(root.resolve("pkg/__pycache__/mod.cpython-313.opt-2.pyc")).isRegularFile();
        assertThat(root.resolve("skip_me/__pycache__")).doesNotExist();

        r = run("compile", "--python", "python3.12", "-o", "0", "--format", "json", root.toString());
        assertThat(r.json().get("interpreters").get(0).get("cache_tag").asText()).isEqualTo(tag);
        assertThat(root.resolve("pkg/__pycache__/mod." + tag + ".pyc")).isRegularFile();
    }

    @Test
    void inputFileAndStandardInput() {
        Path list = write(tmp.resolve("list.txt"), root.resolve("pkg/mod.py") + "\n\n");
        CliHarness.Result r = run("compile", "--python", "python3.12", "--format", "json", "-i", list.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.json().get("compiled")).hasSize(1);
        assertThat(root.resolve("pkg/__pycache__/__init__." + tag + ".pyc")).doesNotExist();

        r = CliHarness.withStdin(root.resolve("pkg/__init__.py") + "\n", "compile", "--python", "python3.12", "--format", "json", "-i", "-");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.json().get("compiled")).singleElement()
                .satisfies(c -> assertThat(c.get("source").asText()).endsWith("__init__.py"));
    }

    @Test
    void layoutAndWritingFlags() throws Exception {
        Path prefix = tmp.resolve("prefix");
        assertThat(run("compile", "--python", "python3.12", "--pycache-prefix", prefix.toString(), root.toString())
                .exit()).isZero();
        Path abs = root.toAbsolutePath();
        assertThat(prefix.resolve(abs.getRoot().relativize(abs)).resolve("pkg/mod." + tag + ".pyc")).isRegularFile();
        assertThat(root.resolve("pkg/__pycache__")).doesNotExist();

        assertThat(run("compile", "--python", "python3.12", "--legacy", root.toString()).exit()).isZero();
        assertThat(root.resolve("pkg/mod.pyc")).isRegularFile();
        assertThat(run("compile", "--python", "python3.12", "--legacy", "-o", "0", "-o", "1", root.toString()).exit())
                .isEqualTo(2);

        assertThat(run("compile", "--python", "python3.12", "-o", "0", "-o", "1", "--hardlink-dupes",
                root.toString()).exit()).isZero();
        Path init = root.resolve("pkg/__pycache__/__init__." + tag + ".pyc");
        assertThat(Files.getAttribute(init, "unix:ino"))
                .isEqualTo(Files.getAttribute(root.resolve("pkg/__pycache__/__init__." + tag + ".opt-1.pyc"), "unix:ino"));

        assertThat(run("compile", "--python", "python3.12", "--invalidation-mode", "unchecked-hash", "--ddir", "/srv",
                root.toString()).exit()).isZero();
        byte[] header = Files.readAllBytes(root.resolve("pkg/__pycache__/mod." + tag + ".pyc"));
        assertThat(header[4]).isEqualTo((byte) 1);
        assertThat(new String(header, java.nio.charset.StandardCharsets.ISO_8859_1)).contains("/srv/pkg/mod.py");
    }

    @Test
    void excludeMaxDepthMaxSizeAndForce() {
        write(root.resolve("a/b/c/deep.py"), "");
        write(root.resolve("big.py"), "x = 1\n".repeat(100));
        CliHarness.Result r = run("compile", "--python", "python3.12", "--format", "json", "--max-depth", "1",
                "-x", "mod.py", "--max-size", "100", root.toString());
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        JsonNode doc = r.json();
        assertThat(doc.get("compiled")).singleElement()
                .satisfies(c -> assertThat(c.get("source").asText()).endsWith("pkg/__init__.py"));
        assertThat(doc.get("failed")).singleElement().satisfies(f -> {
            assertThat(f.get("error").asText()).isEqualTo("TooLarge");
            assertThat(f.get("line").isNull()).isTrue();
        });
        r = run("compile", "--python", "python3.12", "--format", "json", "--force", "-x", "big.py", root.toString());
        assertThat(r.json().get("compiled")).hasSize(3); // pkg/__init__.py, pkg/mod.py, a/b/c/deep.py
        assertThat(r.json().get("fresh").asInt()).isZero();

        // sizes as the store's --max-size takes them; a depth below -1 means nothing
        write(root.resolve("big.py"), "x = 1\n".repeat(200)); // 1,200 bytes
        r = run("compile", "--python", "python3.12", "--format", "json", "--max-size", "1K", root.toString());
        assertThat(r.json().get("failed")).singleElement()
                .satisfies(f -> assertThat(f.get("source").asText()).endsWith("big.py"));
        r = run("compile", "--python", "python3.12", "--max-size", "1x", root.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("'1x' is not a size");
        r = run("compile", "--python", "python3.12", "--max-depth", "-2", root.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("pycd: --max-depth must be 0 or more (-1, the default: no limit)\n");
    }

    @Test
    void skippedSymlinksAreListedAndDanglingOnesFail() throws Exception {
        Files.createSymbolicLink(root.resolve("dangling.py"), root.resolve("nowhere"));
        CliHarness.Result r = run("compile", "--python", "python3.12", "--format", "json", root.toString());
        assertThat(r.exit()).isEqualTo(1);
        JsonNode skipped = r.json().get("skipped");
        assertThat(skipped).singleElement().satisfies(s -> {
            assertThat(fieldNames(s)).containsExactly("path", "reason", "error");
            assertThat(s.get("reason").asText()).contains("dangling");
        });
        List<String> lines = run("compile", "--python", "python3.12", root.toString()).err().lines().toList();
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("dangling.py").contains("dangling symlink"));
    }

    @Test
    void anEmacsLockIsNoSourceForCompileOrStatus() throws Exception {
        // Emacs marks a file it is editing with .#name, a symlink to user@host.pid that never resolves.
        Files.createSymbolicLink(root.resolve("pkg/.#mod.py"), Path.of("someone@host.4242:1700000000"));
        CliHarness.Result compiled = run("compile", "--python", "python3.12", "--format", "json", root.toString());
        assertThat(compiled.exit()).as(compiled.toString()).isZero();
        assertThat(compiled.json().get("skipped")).isEmpty();
        CliHarness.Result status = run("status", "--python", "python3.12", "--format", "json", root.toString());
        assertThat(status.json().get("skipped")).isEmpty();
        assertThat(status.json().get("caches")).hasSize(2);
        assertThat(run("clean", "--python", "python3.12", root.toString()).exit()).isZero();
    }
}
