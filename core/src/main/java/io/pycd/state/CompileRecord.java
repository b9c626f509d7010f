package io.pycd.state;

import io.pycd.cache.CompiledFrom;
import io.pycd.environment.Environment;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * pycd's record of what it compiled each cache from, per user: one small file per source folder under
 * {@code $XDG_CACHE_HOME/pycd/record/} ({@code <2 hex>/<14 hex>.tsv}, named by the folder's absolute path), one line
 * per cache pycd wrote from a source there: the cache's file name, then the source's exact mtime, size, file key and
 * digest. A folder's file is read once per run, and only when a cache there passes its header check; a rewritten cache
 * replaces its line, so a file holds a line per cache of its folder (plus those of deleted sources, until the file
 * goes with {@link #forgetUnusedFor(Duration)}). Lines are added by {@link #flush()} under a lock every pycd process
 * shares. It is only ever a cache: a missing or damaged file means "no record", never a failure.
 *
 * <p>Two folders whose names hash alike, or a cache file name shared by two layouts, can only lend a cache another's
 * line; the freshness rule then finds the source unlike it and compiles once more. A record never makes a stale cache
 * fresh: it is consulted only once the header already matches.
 */
public final class CompileRecord {

    private static final String FORMAT = "pycd-compile-record 2";
    private static final int FIELDS = 5;
    /** File locks belong to the process: threads of one JVM take this lock first. */
    private static final Object IN_PROCESS = new Object();

    private final Path dir;
    /** Per source folder as the walk gave it, the folder's lines by cache file name. */
    private final Map<Path, Map<String, CompiledFrom>> loaded = new ConcurrentHashMap<>();
    /** Per absolute source folder, lines noted since the last flush. */
    private final Map<Path, Map<String, CompiledFrom>> pending = new ConcurrentHashMap<>();

    private CompileRecord(Path dir) {
        this.dir = dir;
    }

    /** The record kept in {@code dir}. */
    public static CompileRecord open(Path dir) {
        return new CompileRecord(dir);
    }

    /** The user's record: {@code $XDG_CACHE_HOME/pycd/record} (default {@code ~/.cache/pycd/record}). */
    public static CompileRecord forUser(Environment environment) {
        return open(userFolder(environment));
    }

    /** Where the user's record is kept. */
    public static Path userFolder(Environment environment) {
        return environment.cacheFolder().resolve("record");
    }

    /** No record: nothing is known, nothing is kept. */
    public static CompileRecord off() {
        return new CompileRecord(null);
    }

    /** What pycd compiled {@code cache} from, when it wrote it last; empty when pycd has no record of it. */
    public Optional<CompiledFrom> lookup(Path source, Path cache) {
        if (dir == null) {
            return Optional.empty();
        }
        Path folder = folderOf(source);
        Map<String, CompiledFrom> lines = loaded.get(folder);
        if (lines == null) {
            // each folder's sources are looked up by the one walk task of that folder: read once (a race could
            // only read it twice)
            lines = read(absolute(folder));
            loaded.put(folder, lines);
        }
        return Optional.ofNullable(lines.get(cache.getFileName().toString()));
    }

    /** Notes that pycd wrote {@code cache} from {@code source} as {@code from} describes; kept by {@link #flush()}. */
    public void wrote(Path source, Path cache, CompiledFrom from) {
        if (dir != null) {
            pending.computeIfAbsent(absolute(folderOf(source)), f -> new ConcurrentHashMap<>())
                    .put(cache.getFileName().toString(), from);
        }
    }

    /** Merges what was noted since the last flush into the folders' files. */
    public void flush() {
        if (dir == null || pending.isEmpty()) {
            return;
        }
        Map<Path, Map<String, CompiledFrom>> batch = new HashMap<>();
        for (Path folder : List.copyOf(pending.keySet())) {
            Map<String, CompiledFrom> lines = pending.remove(folder);
            if (lines != null) {
                batch.put(folder, lines);
            }
        }
        locked(() -> batch.forEach((folder, lines) -> {
            Map<String, CompiledFrom> merged = read(folder);
            merged.putAll(lines);
            List<String[]> records = new ArrayList<>(merged.size());
            merged.forEach((cache, f) -> records.add(new String[] {cache, Long.toString(f.mtimeNanos()),
                    Long.toString(f.size()), f.fileKey(), f.digest()}));
            file(folder).write(records);
        }));
    }

    /**
     * Removes the files of folders pycd has written no cache in for {@code unused} (deleted folders, trees no longer
     * compiled); returns how many went. Forgetting only costs detection: a same-second edit needs a compile within
     * that second, and any later edit shows in the header.
     */
    public int forgetUnusedFor(Duration unused) {
        if (dir == null || !Files.isDirectory(dir)) {
            return 0;
        }
        long before = System.currentTimeMillis() - unused.toMillis();
        int[] gone = {0};
        locked(() -> {
            try (Stream<Path> files = Files.walk(dir, 2)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".tsv")).toList()) {
                    if (Files.getLastModifiedTime(f).toMillis() < before && Files.deleteIfExists(f)) {
                        gone[0]++;
                    }
                }
            } catch (IOException | RuntimeException e) {
                // What could not be removed stays; the record is only a cache.
            }
        });
        return gone[0];
    }

    /**
     * The folder's lines by cache file name. Parsed here rather than by {@link StateFile#read}: a run with nothing
     * to do reads every folder's file before the JIT has compiled anything, and this does half the work.
     */
    private Map<String, CompiledFrom> read(Path absoluteFolder) {
        Map<String, CompiledFrom> lines = new HashMap<>();
        StateFile file = file(absoluteFolder);
        String text;
        try {
            text = StateFile.text(file.path());
        } catch (IOException | RuntimeException e) {
            return lines; // missing or unreadable: no record
        }
        int at = text.indexOf('\n') + 1;
        if (at == 0 || !text.startsWith(file.format()) || at != file.format().length() + 1) {
            return lines; // another pycd's format: replaced on the next flush
        }
        while (at < text.length()) {
            int end = text.indexOf('\n', at);
            end = end < 0 ? text.length() : end;
            try {
                int t1 = tab(text, at, end);
                int t2 = tab(text, t1 + 1, end);
                int t3 = tab(text, t2 + 1, end);
                int t4 = tab(text, t3 + 1, end);
                if (text.indexOf('\t', t4 + 1) < end && text.indexOf('\t', t4 + 1) >= 0) {
                    throw new IllegalArgumentException("more than " + FIELDS + " fields");
                }
                lines.put(StateFile.unescape(text.substring(at, t1)), new CompiledFrom(
                        Long.parseLong(text, t1 + 1, t2, 10), Long.parseLong(text, t2 + 1, t3, 10),
                        StateFile.unescape(text.substring(t3 + 1, t4)), text.substring(t4 + 1, end)));
            } catch (RuntimeException e) {
                // A damaged line: no record of that cache.
            }
            at = end + 1;
        }
        return lines;
    }

    private static int tab(String text, int from, int end) {
        int t = text.indexOf('\t', from);
        if (t < 0 || t >= end) {
            throw new IllegalArgumentException("fewer than " + FIELDS + " fields");
        }
        return t;
    }

    private StateFile file(Path absoluteFolder) {
        String name = StateFile.nameFor(absoluteFolder.toString());
        return new StateFile(dir.resolve(name.substring(0, 2)).resolve(name.substring(2) + ".tsv"), FORMAT);
    }

    private void locked(Runnable work) {
        synchronized (IN_PROCESS) {
            try {
                Files.createDirectories(dir);
                try (FileChannel ch = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE)) {
                    FileLock lock = ch.lock();
                    try {
                        work.run();
                    } finally {
                        lock.release();
                    }
                }
            } catch (IOException e) {
                // An unwritable cache folder: pycd works without its record, catching fewer same-second edits.
            }
        }
    }

    private static Path folderOf(Path source) {
        Path parent = source.getParent();
        return parent == null ? Path.of("") : parent;
    }

    private static Path absolute(Path p) {
        return p.toAbsolutePath().normalize();
    }
}
