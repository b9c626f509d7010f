package io.pycd.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.pycd.cache.SourceDigest;
import io.pycd.interpreter.Interpreter;
import io.pycd.settings.StoreLocation;
import io.pycd.testing.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BytecodeStoreTest {

    @TempDir
    Path tmp;

    private BytecodeStore store() {
        return BytecodeStore.open(tmp.resolve("store"), StoreLocation.DEFAULT_MAX_BYTES);
    }

    @Test
    void anEntryComesBackWithItsCodeAndWarnings() throws IOException {
        try (BytecodeStore store = store()) {
            assertThat(store.get(Entries.key(1))).isEmpty();
            store.put(Entries.key(1), Entries.code(1, 5000));
            assertThat(Entries.isCodeOf(1, 5000, store.get(Entries.key(1)).orElseThrow())).isTrue();
            assertThat(store.get(Entries.key(2))).isEmpty();
            assertThat(store.problem()).isEmpty();
        }
        StoreStats stats = store().stats();
        assertThat(stats.entries()).isEqualTo(1);
        assertThat(stats.bytes()).isEqualTo(Files.size(entryFile(Entries.key(1))));
        assertThat(stats.hits()).isEqualTo(1);
        assertThat(stats.misses()).isEqualTo(2);
        assertThat(tmp.resolve("store/CACHEDIR.TAG")).content().startsWith("Signature: 8a477f597d28d172789f06886806bc55");
    }

    @Test
    void aLookupCreatesNothing() {
        try (BytecodeStore store = store()) {
            assertThat(store.get(Entries.key(1))).isEmpty();
        }
        assertThat(tmp.resolve("store")).doesNotExist();
    }

    /** Every field that changes the compiled bytes changes the key. */
    @Test
    void theKeyCoversSourceInterpreterLevelsAndRecordedName() {
        String digest = SourceDigest.of(new byte[] {'x'}, 1);
        Interpreter base = Entries.PY312;
        StoreKey key = StoreKey.of(digest, base, List.of(0), "/a/m.py");
        Set<StoreKey> others = new HashSet<>(List.of(
                StoreKey.of(SourceDigest.of(new byte[] {'y'}, 1), base, List.of(0), "/a/m.py"),
                StoreKey.of(digest, base, List.of(1), "/a/m.py"),
                StoreKey.of(digest, base, List.of(0, 1), "/a/m.py"),
                StoreKey.of(digest, base, List.of(0), "/b/m.py"),
                StoreKey.of(digest, new Interpreter(base.executable(), "3.12.2", "cpython", "cpython-312", base.magic()),
                        List.of(0), "/a/m.py"),
                StoreKey.of(digest, new Interpreter(base.executable(), "3.12.1", "cpython", "cpython-312", base.magic() + 1),
                        List.of(0), "/a/m.py"),
                StoreKey.of(digest, new Interpreter(base.executable(), "3.12.1", "pypy", "cpython-312", base.magic()),
                        List.of(0), "/a/m.py")));
        assertThat(others).hasSize(7).doesNotContain(key);
        assertThat(StoreKey.of(digest, new Interpreter(Path.of("/other/python"), "3.12.1", "cpython", "cpython-312",
                base.magic()), List.of(0), "/a/m.py")).as("where the interpreter lives does not matter").isEqualTo(key);
    }

    /** Damage at the start, in the key, the lengths, the warnings, the code and the checksum: never a wrong hit. */
    @ParameterizedTest(name = "byte {0}")
    @ValueSource(ints = {0, 7, 8, 39, 40, 42, 50, 60, 200, 4000, -5, -1})
    void aFlippedByteIsAMissAndTheEntryGoes(int at) throws IOException {
        Path entry = stored(1);
        byte[] bytes = Files.readAllBytes(entry);
        int i = at < 0 ? bytes.length + at : at;
        bytes[i] ^= 0x10;
        Files.write(entry, bytes);
        assertMissAndRemoved(1, entry);
    }

    @ParameterizedTest(name = "{0} bytes kept")
    @ValueSource(ints = {0, 1, 16, 44, 100, 4999, -1})
    void aTruncatedOrEmptyEntryIsAMissAndGoes(int keep) throws IOException {
        Path entry = stored(1);
        byte[] bytes = Files.readAllBytes(entry);
        Files.write(entry, java.util.Arrays.copyOf(bytes, keep < 0 ? bytes.length + keep : keep));
        assertMissAndRemoved(1, entry);
    }

    @Test
    void anEntryGrownAtTheEndIsAMiss() throws IOException {
        Path entry = stored(1);
        Files.write(entry, new byte[] {0}, java.nio.file.StandardOpenOption.APPEND);
        assertMissAndRemoved(1, entry);
    }

    /** A whole, undamaged entry of another key under this key's name (a copied file) is not this key's code. */
    @Test
    void anotherKeysEntryUnderThisNameIsAMiss() throws IOException {
        Path one = stored(1);
        Path two = entryFile(Entries.key(2));
        Files.createDirectories(two.getParent());
        Files.copy(one, two);
        assertMissAndRemoved(2, two);
    }

    /** Foreign files: one at an entry's path is a miss (and goes); others are never read, counted or removed. */
    @Test
    void foreignFilesAreNeverAHitAndNeverCounted() throws IOException {
        stored(1);
        Path atEntry = entryFile(Entries.key(3));
        TestFiles.write(atEntry, "print('not pycd')\n");
        Path notes = TestFiles.write(tmp.resolve("store/notes.txt"), "mine\n");
        Path inFanOut = TestFiles.write(entryFile(Entries.key(1)).resolveSibling("README"), "mine\n");
        Path lookalike = TestFiles.write(tmp.resolve("store/v1/zz/" + "a".repeat(62)), "mine\n");
        assertMissAndRemoved(3, atEntry);
        try (BytecodeStore store = store()) {
            assertThat(store.stats().entries()).isEqualTo(1);
            store.prune(0);
            store.clear();
        }
        assertThat(notes).exists();
        assertThat(inFanOut).exists();
        assertThat(lookalike).exists();
    }

    @Test
    void aSymlinkAtAnEntrysPathIsNotFollowed() throws IOException {
        Path real = stored(1);
        Path link = entryFile(Entries.key(2));
        Files.createDirectories(link.getParent());
        Files.createSymbolicLink(link, real);
        try (BytecodeStore store = store()) {
            assertThat(store.get(Entries.key(2))).isEmpty();
        }
    }

    /** Least recently used entries go first; a hit counts as a use. */
    @Test
    void pruneRemovesLeastRecentlyUsedFirst() throws IOException {
        List<Path> entries = new ArrayList<>();
        for (int n = 0; n < 10; n++) {
            Path e = stored(n);
            Files.setLastModifiedTime(e, FileTime.fromMillis(1_700_000_000_000L + n * 60_000L)); // 0 oldest
            entries.add(e);
        }
        long each = Files.size(entries.get(0));
        try (BytecodeStore store = store()) {
            assertThat(store.get(Entries.key(0))).isPresent(); // used now: the most recent
            PruneResult r = store.prune(4 * each);
            assertThat(r.removed()).isEqualTo(6);
            assertThat(r.bytesFreed()).isEqualTo(6 * each);
            assertThat(r.entries()).isEqualTo(4);
            assertThat(r.bytes()).isEqualTo(4 * each);
            assertThat(r.errors()).isEmpty();
        }
        for (int n = 0; n < 10; n++) {
            assertThat(Files.exists(entries.get(n))).as("entry %d", n).isEqualTo(n == 0 || n >= 7);
        }
    }

    /** Over the limit, a compile's store prunes itself (down to 80%), on a thread of its own. */
    @Test
    void theStoreKeepsItselfUnderItsLimit() throws IOException {
        long limit = 64 * 1024;
        for (int round = 0; round < 3; round++) {
            try (BytecodeStore store = BytecodeStore.open(tmp.resolve("store"), limit)) {
                for (int n = round * 40; n < round * 40 + 40; n++) {
                    store.put(Entries.key(n), Entries.code(n, 1000));
                }
            }
            StoreStats stats = BytecodeStore.open(tmp.resolve("store"), limit).stats();
            assertThat(stats.bytes()).as("round %d", round).isLessThanOrEqualTo(limit);
        }
        try (BytecodeStore store = BytecodeStore.open(tmp.resolve("store"), limit)) {
            assertThat(store.get(Entries.key(119))).as("the newest entry stays").isPresent();
            assertThat(store.get(Entries.key(0))).as("the oldest went").isEmpty();
        }
    }

    @Test
    void clearRemovesEntriesAndTempFilesAndRestartsTheCounts() throws IOException {
        stored(1);
        stored(2);
        Path temp = TestFiles.write(entryFile(Entries.key(1)).resolveSibling("a".repeat(62) + ".123-4.tmp"), "x");
        try (BytecodeStore store = store()) {
            store.get(Entries.key(1));
            store.get(Entries.key(9));
        }
        try (BytecodeStore store = store()) {
            PruneResult r = store.clear();
            assertThat(r.removed()).isEqualTo(2);
            assertThat(r.entries()).isZero();
            StoreStats s = store.stats();
            assertThat(s.entries()).isZero();
            assertThat(s.hits()).isZero();
            assertThat(s.misses()).isZero();
        }
        assertThat(temp).doesNotExist();
    }

    @Test
    void aCrashesTempFileGoesWithTheNextPruneButALiveOneStays() throws IOException {
        Path entry = stored(1);
        Path old = TestFiles.write(entry.resolveSibling(entry.getFileName() + ".99-1.tmp"), "x");
        Files.setLastModifiedTime(old, FileTime.fromMillis(System.currentTimeMillis() - 7_200_000L));
        Path live = TestFiles.write(entry.resolveSibling(entry.getFileName() + ".99-2.tmp"), "x");
        store().prune(StoreLocation.DEFAULT_MAX_BYTES);
        assertThat(old).doesNotExist();
        assertThat(live).exists();
        assertThat(entry).exists();
    }

    /** Stores of one process on one folder, writing one key at once, never collide on a temp file's name. */
    @Test
    void storesOfOneProcessWritingOneKeyAtOnceNeverCollide() {
        List<java.util.concurrent.CompletableFuture<Optional<String>>> writers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            writers.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try (BytecodeStore store = store()) {
                    for (int i = 0; i < 300; i++) {
                        store.put(Entries.key(7), Entries.code(7, 200));
                    }
                    return store.problem();
                }
            }));
        }
        writers.forEach(f -> assertThat(f.join()).isEmpty());
    }

    /** A temp file left under the very name a write would take (a crashed process whose pid came back): passed over. */
    @Test
    void aLeftoverTempFileUnderTheNextNameIsPassedOver() throws IOException {
        Path entry = entryFile(Entries.key(1));
        long pid = ProcessHandle.current().pid();
        long next = BytecodeStore.TEMP_NAMES.get();
        for (long n = next + 1; n <= next + 3; n++) {
            TestFiles.write(entry.resolveSibling(entry.getFileName() + "." + pid + "-" + n + ".tmp"), "left over");
        }
        try (BytecodeStore store = store()) {
            store.put(Entries.key(1), Entries.code(1, 100));
            assertThat(store.problem()).isEmpty();
            assertThat(store.get(Entries.key(1))).isPresent();
        }
    }

    @Test
    void deletingTheStoreWhileItIsUsedIsSafe() throws IOException {
        try (BytecodeStore store = store()) {
            store.put(Entries.key(1), Entries.code(1, 100));
            deleteTree(tmp.resolve("store"));
            assertThat(store.get(Entries.key(1))).isEmpty();
            store.put(Entries.key(2), Entries.code(2, 100));
            assertThat(store.get(Entries.key(2))).isPresent();
            assertThat(store.problem()).isEmpty();
        }
    }

    /** Nothing can be written (a file where a folder must be): one problem, no exception, and no more lookups. */
    @Test
    void aStoreThatCannotBeWrittenTurnsItselfOffWithOneProblem() throws IOException {
        TestFiles.write(tmp.resolve("store/v1"), "a file where the store's folder should be\n");
        try (BytecodeStore store = store()) {
            assertThat(store.usable()).isTrue();
            store.put(Entries.key(1), Entries.code(1, 100));
            assertThat(store.problem()).hasValueSatisfying(p -> assertThat(p).startsWith("cannot write to the store"));
            String first = store.problem().orElseThrow();
            store.put(Entries.key(2), Entries.code(2, 100));
            assertThat(store.get(Entries.key(1))).isEmpty();
            assertThat(store.problem()).contains(first);
            assertThat(store.usable()).isFalse();
        }
    }

    @Test
    void anotherUsersFolderIsNeverUsed() throws IOException {
        stored(1);
        Path root = tmp.resolve("store");
        int other = io.pycd.fs.CurrentUser.uid() == 0 ? 4242 : -1;
        org.junit.jupiter.api.Assumptions.assumeTrue(other > 0, "only root can give a folder to another user");
        Files.setAttribute(root, "unix:uid", other);
        try (BytecodeStore store = store()) {
            assertThat(store.problem()).hasValueSatisfying(p -> assertThat(p).contains("belongs to another user"));
            assertThat(store.get(Entries.key(1))).isEmpty();
            store.put(Entries.key(2), Entries.code(2, 10));
        }
        assertThat(Files.exists(entryFile(Entries.key(2)))).isFalse();
    }

    @Test
    void aFolderEveryoneCanWriteIsNeverUsed() throws IOException {
        stored(1);
        Files.setPosixFilePermissions(tmp.resolve("store"), PosixFilePermissions.fromString("rwxrwxrwx"));
        try (BytecodeStore store = store()) {
            assertThat(store.problem()).hasValueSatisfying(p -> assertThat(p).contains("writable by every user"));
            assertThat(store.get(Entries.key(1))).isEmpty();
        }
    }

    @Test
    void offIsNeverUsedNorCreated() {
        try (BytecodeStore off = BytecodeStore.off()) {
            off.put(Entries.key(1), Entries.code(1, 10));
            assertThat(off.get(Entries.key(1))).isEmpty();
            assertThat(off.usable()).isFalse();
            assertThat(off.problem()).isEmpty();
        }
        assertThat(tmp.resolve("store")).doesNotExist();
    }

    private Path stored(int n) {
        try (BytecodeStore store = store()) {
            store.put(Entries.key(n), Entries.code(n, 5000));
            assertThat(store.problem()).isEmpty();
        }
        return entryFile(Entries.key(n));
    }

    private Path entryFile(StoreKey key) {
        return tmp.resolve("store/v1").resolve(key.hex().substring(0, 2)).resolve(key.hex().substring(2));
    }

    private void assertMissAndRemoved(int n, Path entry) {
        try (BytecodeStore store = store()) {
            assertThat(store.get(Entries.key(n))).isEqualTo(Optional.empty());
            assertThat(store.problem()).isEmpty();
        }
        assertThat(entry).doesNotExist();
    }

    static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
