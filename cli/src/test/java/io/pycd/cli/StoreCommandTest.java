package io.pycd.cli;

import static io.pycd.cli.CliHarness.fieldNames;
import static io.pycd.cli.CliHarness.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pycd.cache.SourceDigest;
import io.pycd.interpreter.Interpreter;
import io.pycd.store.BytecodeStore;
import io.pycd.store.StoreKey;
import io.pycd.config.ProjectConfig;
import io.pycd.environment.Environment;
import io.pycd.settings.StoreLocation;
import io.pycd.store.StoredCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * pycd store, prune and clear in-process, on the store the tests' environment names ($XDG_CACHE_HOME under
 * target/); bin/pycd with PYCD_STORE and PYCD_STORE_MAX_SIZE is in {@link StoreEndToEndTest}.
 */
class StoreCommandTest {

    private static final Interpreter PY = new Interpreter(Path.of("/usr/bin/python3.12"), "3.12.1", "cpython",
            "cpython-312", 0x0a0d0dcb);

    private StoreLocation where;

    @BeforeEach
    void emptyStore() throws Exception {
        Environment environment = Environment.current();
        where = StoreLocation.of(environment, ProjectConfig.none(environment.workingDirectory()));
        assertThat(run("store", "clear", "-q").exit()).isZero();
    }

    private StoreKey fill(int n, int size, long lastUsedMillis) throws Exception {
        byte[] src = ("x = " + n + "\n").getBytes();
        StoreKey key = StoreKey.of(SourceDigest.of(src, src.length), PY, List.of(0), "m" + n + ".py");
        List<Path> before = packFiles();
        try (BytecodeStore store = BytecodeStore.open(where.folder(), where.maxBytes())) {
            store.put(key, new StoredCode(List.of(new byte[size]), List.of()));
            store.get(key);
            store.get(StoreKey.of(SourceDigest.of(new byte[0], 0), PY, List.of(0), "absent.py"));
        }
        for (Path p : packFiles()) { // this store's pack and its index: last used then
            if (!before.contains(p)) {
                Files.setLastModifiedTime(p, FileTime.fromMillis(lastUsedMillis));
            }
        }
        return key;
    }

    private List<Path> packFiles() throws java.io.IOException {
        Path packs = where.folder().resolve("v2");
        if (!Files.isDirectory(packs)) {
            return List.of();
        }
        try (var files = Files.list(packs)) {
            return files.filter(p -> p.toString().endsWith(".pack") || p.toString().endsWith(".idx")).toList();
        }
    }

    @Test
    void showsEntriesSizeLimitHitsAndMisses() throws Exception {
        fill(1, 1000, 1_700_000_000_000L);
        fill(2, 1000, 1_700_000_060_000L);
        CliHarness.Result text = run("store");
        assertThat(text.exit()).as(text.toString()).isZero();
        assertThat(text.out()).startsWith("2 entries · ").contains(" of 1 GiB · hits 2 · misses 2 · " + where.folder());

        CliHarness.Result json = run("store", "--format", "json");
        assertThat(json.exit()).isZero();
        JsonNode doc = json.json();
        assertThat(fieldNames(doc)).containsExactly("path", "entries", "bytes", "max_bytes", "hits", "misses",
                "problem");
        assertThat(doc.get("path").asText()).isEqualTo(where.folder().toString());
        assertThat(doc.get("entries").asLong()).isEqualTo(2);
        assertThat(doc.get("bytes").asLong()).isGreaterThan(2000);
        assertThat(doc.get("max_bytes").asLong()).isEqualTo(1L << 30);
        assertThat(doc.get("hits").asLong()).isEqualTo(2);
        assertThat(doc.get("misses").asLong()).isEqualTo(2);
        assertThat(doc.get("problem").isNull()).isTrue();
    }

    @Test
    void pruneTakesTheLeastRecentlyUsedDownToMaxSize() throws Exception {
        StoreKey old = fill(1, 3000, 1_700_000_000_000L);
        StoreKey recent = fill(2, 3000, 1_700_000_060_000L);
        CliHarness.Result r = run("store", "prune", "--max-size", "4K", "--format", "json");
        assertThat(r.exit()).as(r.toString()).isZero();
        JsonNode doc = r.json();
        assertThat(fieldNames(doc)).containsExactly("path", "removed", "bytes_freed", "errors", "entries", "bytes",
                "max_bytes", "record_files_removed");
        assertThat(doc.get("removed").asLong()).isEqualTo(1);
        assertThat(doc.get("entries").asLong()).isEqualTo(1);
        assertThat(doc.get("max_bytes").asLong()).isEqualTo(4096);
        assertThat(doc.get("errors")).isEmpty();
        try (BytecodeStore store = BytecodeStore.open(where.folder(), where.maxBytes())) {
            assertThat(store.get(old)).isEmpty();
            assertThat(store.get(recent)).isPresent();
        }
        CliHarness.Result text = run("store", "prune");
        assertThat(text.out()).startsWith("removed 0 entries, 0 B · 1 entries, ").contains(" left of 1 GiB");
    }

    @Test
    void clearEmptiesTheStoreAndRestartsTheCounts() throws Exception {
        fill(1, 100, 1_700_000_000_000L);
        CliHarness.Result r = run("store", "clear");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("removed 1 entries, ");
        JsonNode doc = run("store", "--format", "json").json();
        assertThat(doc.get("entries").asLong()).isZero();
        assertThat(doc.get("hits").asLong()).isZero();
        CliHarness.Result json = run("store", "clear", "--format", "json");
        assertThat(fieldNames(json.json())).containsExactly("path", "removed", "bytes_freed", "errors");
    }

    @Test
    void aBadSizeIsAUsageError() {
        CliHarness.Result r = run("store", "prune", "--max-size", "lots");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--max-size: 'lots' is not a size");
        assertThat(run("store", "nonsense").exit()).isEqualTo(2);
    }

    @Test
    void helpNamesTheStoreTheVariablesAndTheExitCodes() {
        CliHarness.Result r = run("store", "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("PYCD_STORE").contains("PYCD_STORE_MAX_SIZE").contains("store-max-size")
                .contains("prune").contains("clear").contains("Exit codes:");
    }
}
