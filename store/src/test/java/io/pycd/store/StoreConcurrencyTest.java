package io.pycd.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.pycd.testing.Processes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several pycd processes, and several threads of one, using one store folder at once, under a limit that makes them
 * prune while others read and write: no hit is ever wrong, no store turns itself off, the limit holds, and every
 * lookup is counted exactly once.
 */
class StoreConcurrencyTest {

    private static final Pattern TALLY = Pattern.compile("gets=(\\d+) wrong=(\\d+) problem=(.*)");
    private static final long LIMIT = 60_000;
    private static final int OPERATIONS = 1500;

    @TempDir
    Path tmp;

    @Test
    void processesAndThreadsShareOneStoreSafely() throws Exception {
        Path folder = tmp.resolve("store");
        List<CompletableFuture<StoreHammer.Tally>> all = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            long seed = p;
            all.add(CompletableFuture.supplyAsync(() -> inAnotherProcess(folder, seed)));
        }
        for (int t = 0; t < 3; t++) {
            long seed = 100 + t;
            all.add(CompletableFuture.supplyAsync(() -> StoreHammer.run(folder, seed, OPERATIONS, LIMIT)));
        }
        long gets = 0;
        for (CompletableFuture<StoreHammer.Tally> f : all) {
            StoreHammer.Tally tally = f.join();
            assertThat(tally.wrong()).as("wrong hits").isZero();
            assertThat(tally.problem()).as("a store that turned itself off").isEmpty();
            gets += tally.gets();
        }
        StoreStats stats = BytecodeStore.open(folder, LIMIT).stats();
        assertThat(stats.hits() + stats.misses()).as("every lookup counted once").isEqualTo(gets);
        assertThat(stats.hits()).isPositive();
        // Each writer prunes to 80% of the limit once it sees the store over it; the last writes may follow a prune.
        assertThat(stats.bytes()).isLessThanOrEqualTo(LIMIT + 5L * StoreHammer.size(StoreHammer.KEYS));
    }

    private static StoreHammer.Tally inAnotherProcess(Path folder, long seed) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Processes.Run run = Processes.exec(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                StoreHammer.class.getName(), folder.toString(), Long.toString(seed), Integer.toString(OPERATIONS),
                Long.toString(LIMIT))).ok();
        Matcher m = TALLY.matcher(run.out().strip());
        assertThat(m.matches()).as(run.out() + run.err()).isTrue();
        return new StoreHammer.Tally(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), m.group(3));
    }
}
