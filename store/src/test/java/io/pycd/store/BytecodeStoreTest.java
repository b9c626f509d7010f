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
        assertThat(stats.bytes()).isEqualTo(packFiles().stream().mapToLong(BytecodeStoreTest::size).sum());
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

    /** A cold run writes one pack and its index, not a file per entry. */
    @Test
    void entriesOfOneRunGoIntoOnePack() throws IOException {
        try (BytecodeStore store = store()) {
            for (int n = 0; n < 100; n++) {
                store.put(Entries.key(n), Entries.code(n, 300));
            }
        }
        assertThat(packFiles()).hasSize(2);
        try (BytecodeStore store = store()) {
            for (int n = 0; n < 100; n++) {
                assertThat(Entries.isCodeOf(n, 300, store.get(Entries.key(n)).orElseThrow())).isTrue();
            }
        }
    }

    /** A pack is closed once it holds an eighth of the limit: a prune can then remove a run's entries in parts. */
    @Test
    void aPackIsClosedAtAnEighthOfTheLimit() throws IOException {
        long limit = 80 * 1024;
        try (BytecodeStore store = BytecodeStore.open(tmp.resolve("store"), limit)) {
            for (int n = 0; n < 40; n++) {
                store.put(Entries.key(n), Entries.code(n, 1000));
            }
            for (int n = 0; n < 40; n++) {
                assertThat(store.get(Entries.key(n))).as("entry %d", n).isPresent();
            }
        }
        List<Path> packs = packFiles().stream().filter(p -> p.toString().endsWith(".pack")).toList();
        long entry = Files.size(packs.get(0)) / (Files.size(indexOf(packs.get(0))) / PackIndex.RECORD);
        assertThat(packs).hasSizeGreaterThan(3);
        for (Path p : packs) {
            assertThat(Files.size(p)).as(p.toString()).isLessThan(limit / 8 + entry);
        }
    }

    /** Damage at the start, in the key, the lengths, the warnings, the code and the checksum: never a wrong hit. */
    @ParameterizedTest(name = "byte {0}")
    @ValueSource(ints = {0, 7, 8, 39, 40, 42, 50, 60, 200, 4000, -5, -1})
    void aFlippedByteIsAMissAndTheNextCompileStoresItAgain(int at) throws IOException {
        Path pack = stored(1);
        byte[] bytes = Files.readAllBytes(pack);
        int i = at < 0 ? bytes.length + at : at;
        bytes[i] ^= 0x10;
        Files.write(pack, bytes);
        assertMissThenStoredAgain(1);
    }

    @ParameterizedTest(name = "{0} bytes kept")
    @ValueSource(ints = {0, 1, 16, 44, 100, 4999, -1})
    void aTruncatedOrEmptyPackIsAMiss(int keep) throws IOException {
        Path pack = stored(1);
        byte[] bytes = Files.readAllBytes(pack);
        Files.write(pack, java.util.Arrays.copyOf(bytes, keep < 0 ? bytes.length + keep : keep));
        assertMissThenStoredAgain(1);
    }

    /** A damaged or torn index record (a crash while it was written) is left out: a miss. */
    @ParameterizedTest(name = "index byte {0}")
    @ValueSource(ints = {0, 31, 32, 40, 44, 47, -1})
    void aDamagedOrTornIndexRecordIsAMiss(int at) throws IOException {
        Path index = indexOf(stored(1));
        byte[] bytes = Files.readAllBytes(index);
        if (at < 0) {
            Files.write(index, java.util.Arrays.copyOf(bytes, bytes.length - 1));
        } else {
            bytes[at] ^= 0x01;
            Files.write(index, bytes);
        }
        assertMissThenStoredAgain(1);
    }

    /** An index record that sends another key to this entry (whole and undamaged) is not that key's code. */
    @Test
    void anIndexRecordForAnotherKeyIsAMiss() throws IOException {
        Path pack = stored(1);
        java.nio.ByteBuffer record = PackIndex.record(Entries.key(2), 0, (int) Files.size(pack));
        Files.write(indexOf(pack), java.util.Arrays.copyOf(record.array(), PackIndex.RECORD),
                java.nio.file.StandardOpenOption.APPEND);
        assertMissThenStoredAgain(2);
        try (BytecodeStore store = store()) {
            assertThat(store.get(Entries.key(1))).isPresent();
        }
    }

    /** Foreign files in the store's folders are never read, counted or removed. */
    @Test
    void foreignFilesAreNeverAHitAndNeverCounted() throws IOException {
        stored(1);
        Path notes = TestFiles.write(tmp.resolve("store/notes.txt"), "mine\n");
        Path inPacks = TestFiles.write(tmp.resolve("store/v2/README"), "mine\n");
        Path lookalike = TestFiles.write(tmp.resolve("store/v2/zz.pack"), "mine\n");
        Path inOldFanOut = TestFiles.write(tmp.resolve("store/v1/ab/README"), "mine\n");
        try (BytecodeStore store = store()) {
            assertThat(store.stats().entries()).isEqualTo(1);
            assertThat(store.get(Entries.key(3))).isEmpty();
            store.prune(0);
            store.clear();
        }
        assertThat(notes).exists();
        assertThat(inPacks).exists();
        assertThat(lookalike).exists();
        assertThat(inOldFanOut).exists();
    }

    @Test
    void packsAndIndexesBehindSymbolicLinksAreNotFollowed() throws IOException {
        Path pack = stored(1);
        Path away = Files.createDirectories(tmp.resolve("away"));
        for (Path p : List.of(pack, indexOf(pack))) {
            Path moved = Files.move(p, away.resolve(p.getFileName()));
            Files.createSymbolicLink(p, moved);
        }
        try (BytecodeStore store = store()) {
            assertThat(store.get(Entries.key(1))).isEmpty();
        }
    }

    /** The entries an older pycd kept one file each ({@code v1/}) go with the next prune; nothing else there does. */
    @Test
    void anOlderPycdsEntriesGoWithAPrune() throws IOException {
        Path old = TestFiles.write(tmp.resolve("store/v1/ab/" + "c".repeat(62)), "old entry");
        Path oldTemp = TestFiles.write(tmp.resolve("store/v1/ab/" + "c".repeat(62) + ".12-3.tmp"), "x");
        Path oldLedger = TestFiles.write(tmp.resolve("store/v1/ledger"), "x");
        Path foreign = TestFiles.write(tmp.resolve("store/v1/cd/notes"), "mine");
        stored(1);
        try (BytecodeStore store = store()) {
            PruneResult r = store.prune(StoreLocation.DEFAULT_MAX_BYTES);
            assertThat(r.removed()).isEqualTo(1);
            assertThat(r.errors()).isEmpty();
            assertThat(store.get(Entries.key(1))).isPresent();
        }
        assertThat(old).doesNotExist();
        assertThat(oldTemp).doesNotExist();
        assertThat(oldLedger).doesNotExist();
        assertThat(tmp.resolve("store/v1/ab")).doesNotExist();
        assertThat(foreign).exists();
    }

    /** What another pycd stores after this one looked is found by this one's next miss, a second later at most. */
    @Test
    void entriesAnotherPycdAddsAreFoundLater() {
        try (BytecodeStore reader = store()) {
            assertThat(reader.get(Entries.key(1))).isEmpty();
            try (BytecodeStore writer = store()) {
                writer.put(Entries.key(1), Entries.code(1, 100));
            }
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> reader.get(Entries.key(1)).isPresent());
        }
    }

    /**
     * Least recently used packs go first. A hit in a pack started more than a day ago copies the entry into this
     * run's pack, so an entry in use outlives the pack it was first stored in.
     */
    @Test
    void pruneRemovesLeastRecentlyUsedFirst() throws IOException {
        List<Path> packs = new ArrayList<>();
        long dayAndMore = BytecodeStore.COPY_AFTER_MILLIS + 3_600_000L;
        for (int n = 0; n < 10; n++) {
            Path p = aged(stored(n), System.currentTimeMillis() - dayAndMore);
            Files.setLastModifiedTime(p, FileTime.fromMillis(1_700_000_000_000L + n * 60_000L)); // 0 oldest
            Files.setLastModifiedTime(indexOf(p), FileTime.fromMillis(1_700_000_000_000L + n * 60_000L));
            packs.add(p);
        }
        long each = Files.size(packs.get(0)) + Files.size(indexOf(packs.get(0)));
        try (BytecodeStore store = store()) {
            assertThat(store.get(Entries.key(0))).isPresent(); // used now: copied into a new pack
        }
        try (BytecodeStore store = store()) {
            PruneResult r = store.prune(4 * each);
            assertThat(r.removed()).isEqualTo(7);
            assertThat(r.bytesFreed()).isEqualTo(7 * each);
            assertThat(r.entries()).isEqualTo(4);
            assertThat(r.bytes()).isEqualTo(4 * each);
            assertThat(r.errors()).isEmpty();
        }
        for (int n = 0; n < 10; n++) {
            assertThat(Files.exists(packs.get(n))).as("pack %d", n).isEqualTo(n >= 7);
        }
        try (BytecodeStore store = store()) {
            assertThat(store.get(Entries.key(0))).as("the entry in use").isPresent();
            assertThat(store.get(Entries.key(1))).isEmpty();
        }
    }

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
    void clearRemovesEntriesAndHalfPacksAndRestartsTheCounts() throws IOException {
        stored(1);
        stored(2);
        Path half = TestFiles.write(tmp.resolve("store/v2/000000000001-123-4.pack"), "x");
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
        assertThat(half).doesNotExist();
        assertThat(packFiles()).isEmpty();
    }

    @Test
    void aCrashesHalfPackGoesWithTheNextPruneButALiveOneStays() throws IOException {
        Path pack = stored(1);
        Path old = TestFiles.write(tmp.resolve("store/v2/000000000001-99-1.idx"), "x");
        Files.setLastModifiedTime(old, FileTime.fromMillis(System.currentTimeMillis() - 7_200_000L));
        Path live = TestFiles.write(tmp.resolve("store/v2/000000000001-99-2.pack"), "x");
        store().prune(StoreLocation.DEFAULT_MAX_BYTES);
        assertThat(old).doesNotExist();
        assertThat(live).exists();
        assertThat(pack).exists();
    }

    /** Stores of one process on one folder, writing one key at once, never collide on a pack's name. */
    @Test
    void storesOfOneProcessWritingOneKeyAtOnceNeverCollide() {
        List<java.util.concurrent.CompletableFuture<Optional<String>>> writers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            writers.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try (BytecodeStore store = BytecodeStore.open(tmp.resolve("store"), 8 * 1024)) { // a pack per entry
                    for (int i = 0; i < 300; i++) {
                        store.put(Entries.key(7), Entries.code(7, 2000));
                    }
                    return store.problem();
                }
            }));
        }
        writers.forEach(f -> assertThat(f.join()).isEmpty());
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
        TestFiles.write(tmp.resolve("store/v2"), "a file where the store's folder should be\n");
        try (BytecodeStore store = store()) {
            assertThat(store.usable()).isTrue();
            store.put(Entries.key(1), Entries.code(1, 100));
            assertThat(store.problem()).hasValueSatisfying(p -> assertThat(p).startsWith("cannot write to the store"));
            String first = store.problem().orElseThrow();
            store.put(Entries.key(2), Entries.code(2, 100));
            assertThat(store.get(Entries.key(1))).isEmpty();
            assertThat(store.problem()).contains(first);
            assertThat(store.usable()).isFalse();
            assertThat(store.stats().entries()).isZero();
            assertThat(store.prune(0).errors()).isEmpty();
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
        assertThat(packFiles()).hasSize(2);
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

    /** Stores entry {@code n} in a pack of its own, and returns the pack. */
    private Path stored(int n) {
        List<Path> before = packFiles();
        try (BytecodeStore store = store()) {
            store.put(Entries.key(n), Entries.code(n, 5000));
            assertThat(store.problem()).isEmpty();
        }
        List<Path> added = new ArrayList<>(packFiles());
        added.removeAll(before);
        return added.stream().filter(p -> p.toString().endsWith(".pack")).findFirst().orElseThrow();
    }

    /** Gives a pack (and its index) the name of one started at {@code millis}; returns the renamed pack. */
    private static Path aged(Path pack, long millis) throws IOException {
        String id = pack.getFileName().toString().replace(".pack", "");
        String older = StoreFolder.packId(millis, 1, Long.parseLong(id.substring(id.lastIndexOf('-') + 1)));
        Files.move(indexOf(pack), pack.resolveSibling(older + ".idx"));
        return Files.move(pack, pack.resolveSibling(older + ".pack"));
    }

    private static Path indexOf(Path pack) {
        return pack.resolveSibling(pack.getFileName().toString().replace(".pack", ".idx"));
    }

    /** The packs and indexes in the store, by name. */
    private List<Path> packFiles() {
        Path dir = tmp.resolve("store/v2");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".pack") || p.toString().endsWith(".idx"))
                    .filter(p -> !p.getFileName().toString().startsWith("zz")).sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A miss, and no problem; the key stored again is a hit (a damaged copy never shadows a new one). */
    private void assertMissThenStoredAgain(int n) {
        try (BytecodeStore store = store()) {
            assertThat(store.get(Entries.key(n))).isEqualTo(Optional.empty());
            assertThat(store.problem()).isEmpty();
        }
        try (BytecodeStore store = store()) {
            store.put(Entries.key(n), Entries.code(n, 5000));
        }
        try (BytecodeStore store = store()) {
            assertThat(Entries.isCodeOf(n, 5000, store.get(Entries.key(n)).orElseThrow())).isTrue();
        }
    }

    static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** One run after each edit leaves one small pack each: once there are many, a writing run merges them. */
    @Test
    void smallPacksOfManyRunsAreMergedKeepingEveryEntryAndTheirAge() throws IOException {
        int runs = PackMerge.FROM + 6;
        for (int n = 0; n < runs; n++) {
            try (BytecodeStore store = store()) {
                store.put(Entries.key(n), Entries.code(n, 200));
            }
        }
        List<Path> idx = packFiles().stream().filter(p -> p.toString().endsWith(".idx")).toList();
        assertThat(idx).hasSize(runs);
        // settled: nobody has written to them for a while (the newest a little less long ago than the rest)
        long old = System.currentTimeMillis() - 10 * PackMerge.SETTLED_MILLIS;
        for (Path f : packFiles()) {
            Files.setLastModifiedTime(f, FileTime.fromMillis(old));
        }
        Path newest = idx.stream().max(java.util.Comparator.comparing(Path::toString)).orElseThrow();
        Files.setLastModifiedTime(newest, FileTime.fromMillis(old + 5000));
        StoreStats before = store().stats();

        try (BytecodeStore store = store()) {
            assertThat(store.get(Entries.key(0))).isPresent(); // a hit alone merges nothing
        }
        assertThat(packFiles()).hasSize(2 * runs);
        try (BytecodeStore store = store()) {
            store.put(Entries.key(runs), Entries.code(runs, 200)); // a run that writes
        }

        List<Path> left = packFiles().stream().filter(p -> p.toString().endsWith(".idx")).toList();
        assertThat(left).as("the merged pack and the writing run's own").hasSize(2);
        Path merged = left.stream().filter(p -> size(p) == (long) runs * PackIndex.RECORD).findFirst().orElseThrow();
        assertThat(Files.getLastModifiedTime(merged).toMillis()).as("as old as the newest pack it holds")
                .isEqualTo(old + 5000);
        try (BytecodeStore store = store()) {
            for (int n = 0; n <= runs; n++) {
                assertThat(Entries.isCodeOf(n, 200, store.get(Entries.key(n)).orElseThrow())).as("entry " + n).isTrue();
            }
        }
        StoreStats after = store().stats();
        assertThat(after.entries()).isEqualTo(before.entries() + 1);
        assertThat(after.bytes()).isEqualTo(packFiles().stream().mapToLong(BytecodeStoreTest::size).sum());
        assertThat(new StoreLedger(new StoreFolder(tmp.resolve("store")).ledger()).read().bytes())
                .as("the ledger counts what is there").isEqualTo(after.bytes());
    }

    /** Packs written to a moment ago may still be growing (a running pycd's, the daemon's): they are left alone. */
    @Test
    void packsStillBeingWrittenAreNotMerged() throws IOException {
        for (int n = 0; n < PackMerge.FROM + 2; n++) {
            try (BytecodeStore store = store()) {
                store.put(Entries.key(n), Entries.code(n, 100));
            }
        }
        assertThat(packFiles()).hasSize(2 * (PackMerge.FROM + 2));
    }
}
