package io.pycd.store;

import java.nio.file.Path;
import java.util.Random;

/**
 * One pycd-like user of a store for the concurrency tests, run as a thread or as a process of its own: puts and
 * gets 40 keys at random under a limit small enough to prune all the time, and checks every hit's content.
 * As a program, prints {@code gets=N wrong=N problem=...}.
 */
final class StoreHammer {

    static final int KEYS = 40;

    record Tally(long gets, long wrong, String problem) {
    }

    static int size(int n) {
        return 2000 + n * 97;
    }

    static Tally run(Path folder, long seed, int operations, long maxBytes) {
        Random random = new Random(seed);
        long gets = 0;
        long wrong = 0;
        try (BytecodeStore store = BytecodeStore.open(folder, maxBytes)) {
            for (int i = 0; i < operations; i++) {
                int n = random.nextInt(KEYS);
                if (random.nextBoolean()) {
                    store.put(Entries.key(n), Entries.code(n, size(n)));
                } else {
                    gets++;
                    StoredCode got = store.get(Entries.key(n)).orElse(null);
                    if (got != null && !Entries.isCodeOf(n, size(n), got)) {
                        wrong++;
                    }
                }
            }
            return new Tally(gets, wrong, store.problem().orElse(""));
        }
    }

    public static void main(String[] args) {
        Tally t = run(Path.of(args[0]), Long.parseLong(args[1]), Integer.parseInt(args[2]), Long.parseLong(args[3]));
        System.out.println("gets=" + t.gets() + " wrong=" + t.wrong() + " problem=" + t.problem());
    }
}
