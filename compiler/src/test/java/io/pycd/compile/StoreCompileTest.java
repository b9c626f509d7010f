package io.pycd.compile;

import static org.assertj.core.api.Assertions.assertThat;

import io.pycd.cache.CacheLayout;
import io.pycd.cache.InvalidationMode;
import io.pycd.cache.SourceDigest;
import io.pycd.code.CompileWarning;
import io.pycd.interpreter.Interpreter;
import io.pycd.settings.CodeFileNames;
import io.pycd.settings.CompileMemory;
import io.pycd.settings.CompileSettings;
import io.pycd.settings.StoreLocation;
import io.pycd.store.BytecodeStore;
import io.pycd.store.StoreKey;
import io.pycd.store.StoredCode;
import io.pycd.testing.CacheCheck;
import io.pycd.testing.Compiling;
import io.pycd.testing.Py;
import io.pycd.testing.TestFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Compiles through the bytecode store against real interpreters: a hit writes exactly the cache a compile would
 * have written (CPython validates it, its code equals compile()'s, co_filename included), for every optimization
 * level and invalidation mode; only what changes the bytes misses; no hit starts Python.
 */
class StoreCompileTest {

    @TempDir
    Path tmp;

    private CompileSettings settings(Interpreter python, List<Integer> levels, InvalidationMode mode, CacheLayout layout,
                                     CodeFileNames names) {
        return Compiling.settings(List.of(python), levels, mode, layout, names, false)
                .withMemory(Compiling.remembering(tmp.resolve("cache")));
    }

    /** What a branch switch or a fresh checkout does: every cache gone, every source rewritten with a new mtime. */
    private static void checkoutAgain(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                if (p.toString().contains("__pycache__") || p.toString().endsWith(".pyc")) {
                    Files.delete(p);
                } else if (p.toString().endsWith(".py")) {
                    Files.setLastModifiedTime(p, FileTime.fromMillis(Files.getLastModifiedTime(p).toMillis() + 86_400_000));
                }
            }
        }
    }

    @ParameterizedTest(name = "python{0} {1}")
    @CsvSource({"3.8,timestamp", "3.8,checked-hash", "3.11,unchecked-hash", "3.12,timestamp", "3.12,checked-hash",
            "3.12,unchecked-hash", "3.13,timestamp", "3.13,checked-hash", "3.13,unchecked-hash"})
    void everyHitIsTheCacheACompileWouldHaveWritten(String version, String modeName) throws IOException {
        Interpreter python = Py.get(version);
        Path root = CompileOptionsTest.tree(tmp.resolve("t"));
        CompileSettings settings = settings(python, List.of(0, 1, 2), InvalidationMode.parse(modeName),
                new CacheLayout.Pycache(), CodeFileNames.absolute());
        CompileReport first = Compiling.compile(settings, root);
        assertThat(first.failed()).isEmpty();
        assertThat(first.fromStore()).isZero();
        assertThat(first.compiled()).isEqualTo(4);

        checkoutAgain(root);
        CompileReport second = Compiling.compile(settings, root);
        assertThat(second.failed()).isEmpty();
        assertThat(second.written()).hasSize(4).allMatch(CompileResult.Written::fromStore);
        assertThat(second.workersStarted()).as("no Python for hits").isZero();
        assertThat(second.store()).isEqualTo(new CompileReport.StoreUse(true, Optional.empty()));
        assertThat(CacheCheck.verify(python, settings, second, tmp, Path::toString, null)).isEqualTo(12);
        assertThat(Compiling.compile(settings, root).fresh()).as("then fresh").isEqualTo(4);
    }

    @Test
    void prefixLegacyAndHardlinkedLayoutsAreWrittenFromTheStoreToo() throws IOException {
        Interpreter python = Py.get("3.12");
        Path root = CompileOptionsTest.tree(tmp.resolve("t"));
        Path prefix = tmp.resolve("prefix");
        for (CompileSettings settings : List.of(
                settings(python, List.of(0, 2), InvalidationMode.CHECKED_HASH, new CacheLayout.Prefix(prefix),
                        CodeFileNames.absolute()),
                settings(python, List.of(1), InvalidationMode.TIMESTAMP, new CacheLayout.Legacy(),
                        CodeFileNames.absolute()),
                Compiling.settings(List.of(python), List.of(0, 1, 2), InvalidationMode.TIMESTAMP,
                        new CacheLayout.Pycache(), CodeFileNames.absolute(), true)
                        .withMemory(Compiling.remembering(tmp.resolve("cache"))))) {
            Compiling.compile(settings, root);
            checkoutAgain(root);
            deleteTree(prefix);
            CompileReport again = Compiling.compile(settings, root);
            assertThat(again.written()).as(settings.layout().toString()).hasSize(4)
                    .allMatch(CompileResult.Written::fromStore);
            if (!(settings.layout() instanceof CacheLayout.Legacy)) {
                CacheCheck.verify(python, settings, again, tmp, Path::toString,
                        settings.layout() instanceof CacheLayout.Prefix ? prefix : null);
            }
        }
        Path mod = root.resolve("pkg/__pycache__/plain." + python.cacheTag() + ".pyc");
        assertThat(Files.getAttribute(mod, "unix:nlink")).as("identical levels still share one file").isEqualTo(3);
    }

    /**
     * A run that finds the store empty looks nothing up (every lookup would miss) and digests nothing itself: each
     * entry it adds is keyed by the digest the worker returns, which must be the SHA-256 of exactly the bytes
     * compiled, so the next run's lookups (digested by pycd from the bytes it reads) find them.
     */
    @ParameterizedTest(name = "python{0}")
    @CsvSource({"3.6", "3.12"})
    void aRunOverAnEmptyStoreKeysEachEntryByTheDigestOfTheBytesCompiled(String version) throws IOException {
        Interpreter python = Py.get(version);
        Path root = CompileOptionsTest.tree(tmp.resolve("t"));
        TestFiles.write(root.resolve("bom.py"), "\ufeffs = '\u20ac'\n".getBytes(StandardCharsets.UTF_8));
        CompileSettings settings = settings(python, List.of(0, 2), InvalidationMode.TIMESTAMP,
                new CacheLayout.Pycache(), CodeFileNames.absolute());
        CompileReport first = Compiling.compile(settings, root);
        assertThat(first.failed()).isEmpty();
        assertThat(first.compiled()).isEqualTo(5);

        BytecodeStore store = BytecodeStore.open(tmp.resolve("cache/store"), StoreLocation.DEFAULT_MAX_BYTES);
        assertThat(store.stats().misses()).as("no lookups").isZero();
        assertThat(store.stats().entries()).isEqualTo(5);
        for (CompileResult.Written w : first.written()) {
            byte[] bytes = Files.readAllBytes(w.source());
            StoredCode entry = store.get(StoreKey.of(SourceDigest.of(bytes, bytes.length), python, List.of(0, 2),
                    w.source().toString())).orElseThrow();
            for (int i = 0; i < 2; i++) {
                byte[] pyc = Files.readAllBytes(w.caches().get(i));
                assertThat(entry.code().get(i)).as(w.source() + " level " + i)
                        .isEqualTo(Arrays.copyOfRange(pyc, 16, pyc.length));
            }
        }

        checkoutAgain(root);
        CompileReport second = Compiling.compile(settings, root);
        assertThat(second.written()).hasSize(5).allMatch(CompileResult.Written::fromStore);
        assertThat(second.workersStarted()).isZero();
    }

    /** A copy of a tree at another path records its own file names; with the same -d it shares the entries. */
    @Test
    void theRecordedFileNameIsPartOfTheKey() {
        Interpreter python = Py.get("3.12");
        Path a = CompileOptionsTest.tree(tmp.resolve("a"));
        Path b = CompileOptionsTest.tree(tmp.resolve("b"));
        CompileSettings asFound = settings(python, List.of(0), InvalidationMode.TIMESTAMP, new CacheLayout.Pycache(),
                CodeFileNames.absolute());
        Compiling.compile(asFound, a);
        CompileReport copy = Compiling.compile(asFound, b);
        assertThat(copy.fromStore()).as("another path, other names").isZero();
        CacheCheck.verify(python, asFound, copy, tmp, Path::toString, null);

        CodeFileNames app = new CodeFileNames(Optional.of("/srv/app"), Optional.empty(), Optional.empty());
        CompileSettings deployed = settings(python, List.of(0), InvalidationMode.TIMESTAMP, new CacheLayout.Pycache(),
                app);
        Compiling.compile(deployed, true, a);
        CompileReport fromA = Compiling.compile(deployed, true, b);
        assertThat(fromA.fromStore()).as("--force never looks in the store").isZero();
        assertThat(Compiling.compile(deployed, b).written()).isEmpty();
        deleteCaches(b);
        CompileReport shared = Compiling.compile(deployed, b);
        assertThat(shared.written()).hasSize(4).allMatch(CompileResult.Written::fromStore);
        CacheCheck.verify(python, deployed, shared, tmp, src -> "/srv/app/" + b.relativize(src), null);
    }

    @Test
    void anotherInterpreterOrLevelsMiss() {
        Interpreter p312 = Py.get("3.12");
        Interpreter p313 = Py.get("3.13");
        Path root = CompileOptionsTest.tree(tmp.resolve("t"));
        Compiling.compile(settings(p312, List.of(0), InvalidationMode.TIMESTAMP, new CacheLayout.Pycache(),
                CodeFileNames.absolute()), root);
        CompileReport other = Compiling.compile(settings(p313, List.of(0), InvalidationMode.TIMESTAMP,
                new CacheLayout.Pycache(), CodeFileNames.absolute()), root);
        assertThat(other.compiled()).isEqualTo(4);
        assertThat(other.fromStore()).isZero();
        CompileReport levels = Compiling.compile(settings(p312, List.of(0, 1), InvalidationMode.TIMESTAMP,
                new CacheLayout.Pycache(), CodeFileNames.absolute()), root);
        assertThat(levels.fromStore()).isZero();
    }

    /** The SyntaxWarnings of a stored module come back with it, so output does not depend on the store. */
    @Test
    void warningsAreReplayedOnAHit() throws IOException {
        Interpreter python = Py.get("3.12");
        Path root = tmp.resolve("t");
        TestFiles.write(root.resolve("w.py"), "import re\nP = re.compile(\"\\d+\")\nif 1 is 1:\n    pass\n");
        CompileSettings settings = settings(python, List.of(0, 1), InvalidationMode.TIMESTAMP,
                new CacheLayout.Pycache(), CodeFileNames.absolute());
        List<CompileWarning> compiled = Compiling.compile(settings, root).written().get(0).warnings();
        assertThat(compiled).hasSize(2);
        checkoutAgain(root);
        CompileResult.Written hit = Compiling.compile(settings, root).written().get(0);
        assertThat(hit.fromStore()).isTrue();
        assertThat(hit.warnings()).isEqualTo(compiled);
    }

    /** A damaged entry is a miss: the module is compiled again, right, and the entry replaced. */
    @Test
    void aDamagedEntryIsCompiledAgain() throws IOException {
        Interpreter python = Py.get("3.12");
        Path root = CompileOptionsTest.tree(tmp.resolve("t"));
        CompileSettings settings = settings(python, List.of(0), InvalidationMode.TIMESTAMP, new CacheLayout.Pycache(),
                CodeFileNames.absolute());
        Compiling.compile(settings, root);
        try (Stream<Path> packs = Files.list(tmp.resolve("cache/store/v2"))) {
            for (Path pack : packs.filter(p -> p.toString().endsWith(".pack")).toList()) {
                byte[] bytes = Files.readAllBytes(pack);
                for (int i = 32; i < bytes.length; i += 64) {
                    bytes[i] ^= 1; // every entry is longer than 64 bytes: each one is damaged
                }
                Files.write(pack, bytes);
            }
        }
        checkoutAgain(root);
        CompileReport damaged = Compiling.compile(settings, root);
        assertThat(damaged.compiled()).isEqualTo(4);
        CacheCheck.verify(python, settings, damaged, tmp, Path::toString, null);
        checkoutAgain(root);
        assertThat(Compiling.compile(settings, root).fromStore()).as("replaced").isEqualTo(4);
    }

    /** A store pycd cannot use costs nothing but its one problem: every module is compiled as without it. */
    @Test
    void anUnusableStoreNeverBreaksACompile() throws IOException {
        Interpreter python = Py.get("3.12");
        Path root = CompileOptionsTest.tree(tmp.resolve("t"));
        TestFiles.write(tmp.resolve("cache/store/v2"), "a file where the store's folder must be\n");
        CompileSettings settings = settings(python, List.of(0), InvalidationMode.TIMESTAMP, new CacheLayout.Pycache(),
                CodeFileNames.absolute());
        CompileReport r = Compiling.compile(settings, root);
        assertThat(r.failed()).isEmpty();
        assertThat(r.compiled()).isEqualTo(4);
        assertThat(r.store().on()).isTrue();
        assertThat(r.store().problem()).hasValueSatisfying(p -> assertThat(p).contains("cannot write to the store"));
        CacheCheck.verify(python, settings, r, tmp, Path::toString, null);
    }

    /** Two compiles at once, one store: each gets its caches right, from the store or compiled. */
    @Test
    void twoCompilesShareOneStore() {
        Interpreter python = Py.get("3.12");
        CodeFileNames app = new CodeFileNames(Optional.of("/srv/app"), Optional.empty(), Optional.empty());
        CompileSettings settings = settings(python, List.of(0, 1), InvalidationMode.CHECKED_HASH,
                new CacheLayout.Pycache(), app);
        List<Path> roots = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Path root = CompileOptionsTest.tree(tmp.resolve("copy" + i));
            for (int m = 0; m < 30; m++) {
                TestFiles.write(root.resolve("gen/m" + m + ".py"), "def f():\n    return " + m + "\n");
            }
            roots.add(root);
        }
        List<CompletableFuture<CompileReport>> runs = roots.stream()
                .map(r -> CompletableFuture.supplyAsync(() -> Compiling.compile(settings, r))).toList();
        for (int i = 0; i < roots.size(); i++) {
            CompileReport r = runs.get(i).join();
            assertThat(r.failed()).isEmpty();
            assertThat(r.written()).hasSize(34);
            Path root = roots.get(i);
            CacheCheck.verify(python, settings, r, tmp, src -> "/srv/app/" + root.relativize(src), null);
        }
    }

    @Test
    void withoutMemoryNothingIsKept() {
        Interpreter python = Py.get("3.12");
        Path root = CompileOptionsTest.tree(tmp.resolve("t"));
        CompileReport r = Compiling.compile(Compiling.settings(python), root);
        assertThat(r.store()).isEqualTo(new CompileReport.StoreUse(false, Optional.empty()));
        assertThat(Compiling.settings(python).memory()).isEqualTo(CompileMemory.NONE);
        assertThat(tmp.resolve("cache")).doesNotExist();
    }

    private static void deleteCaches(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                if (p.toString().contains("__pycache__")) {
                    Files.delete(p);
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (Files.exists(root)) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
