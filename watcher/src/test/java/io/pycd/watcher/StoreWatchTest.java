package io.pycd.watcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pycd.cache.CacheLayout;
import io.pycd.cache.InvalidationMode;
import io.pycd.settings.CodeFileNames;
import io.pycd.settings.CompileSettings;
import io.pycd.interpreter.Interpreter;
import io.pycd.settings.CompileMemory;
import io.pycd.settings.StoreLocation;
import io.pycd.store.BytecodeStore;
import io.pycd.store.StoreStats;
import io.pycd.testing.CacheOracle;
import io.pycd.testing.Py;
import io.pycd.testing.TestFiles;
import io.pycd.tree.TreeRules;
import io.pycd.settings.WorkerLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The watcher looks every change up in the store too: a branch switch back settles from it. */
class StoreWatchTest {

    @TempDir
    Path tmp;

    @Test
    void aSwitchBackIsWrittenFromTheStore() throws Exception {
        Interpreter python = Py.get("3.12");
        Path root = tmp.toRealPath().resolve("tree");
        List<Path> sources = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            texts.add("def f():\n    return " + i + "\n");
            sources.add(TestFiles.write(root.resolve("pkg/m" + i + ".py"), texts.get(i)));
        }
        Path store = tmp.resolve("store");
        CompileSettings settings = new CompileSettings(List.of(python), List.of(0), InvalidationMode.TIMESTAMP,
                new CacheLayout.Pycache(), CodeFileNames.absolute(), false,
                new WorkerLimits(2, Duration.ofSeconds(60), 0), CompileSettings.DEFAULT_MAX_SOURCE_BYTES,
                new CompileMemory(Optional.of(store), StoreLocation.DEFAULT_MAX_BYTES, Optional.of(tmp.resolve("rec"))));
        try (Watcher watcher = new Watcher(settings, TreeRules.none(), -1, WatchSettings.defaults(), event -> { })) {
            watcher.add(List.of(root));
            awaitRight(python, sources);
            // Another branch, then back: each file rewritten twice, ending with the bytes compiled at start-up.
            for (int i = 0; i < sources.size(); i++) {
                Files.writeString(sources.get(i), "def f():\n    return 'branch b'\n");
            }
            for (int i = 0; i < sources.size(); i++) {
                Files.writeString(sources.get(i), texts.get(i));
            }
            awaitRight(python, sources);
        }
        StoreStats stats = BytecodeStore.open(store, StoreLocation.DEFAULT_MAX_BYTES).stats();
        assertThat(stats.hits()).as("the switch back came from the store").isGreaterThanOrEqualTo(sources.size());
    }

    private void awaitRight(Interpreter python, List<Path> sources) {
        List<CacheOracle.Entry> entries = sources.stream().map(s -> new CacheOracle.Entry(s,
                s.resolveSibling("__pycache__/" + s.getFileName().toString().replace(".py", "")
                        + "." + python.cacheTag() + ".pyc"), s.toString())).toList();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            try {
                return CacheOracle.check(python.executable(), entries, tmp).problems().isEmpty();
            } catch (AssertionError | RuntimeException e) {
                return false;
            }
        });
    }
}
