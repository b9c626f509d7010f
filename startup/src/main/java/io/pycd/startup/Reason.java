package io.pycd.startup;

import io.pycd.cache.CacheFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Why a module was compiled at run time instead of being read from its cache: a closed set, printed as
 * {@link #label()}. {@link #of} is the one rule that decides it from what the hook saw. The reasons that make the
 * compile happen again at every start come first: a cache import could not write is missing next time too.
 */
public enum Reason {
    /** {@code sys.dont_write_bytecode} ({@code PYTHONDONTWRITEBYTECODE}, {@code -B}): import reads caches, never writes them. */
    DONT_WRITE_BYTECODE,
    /** Import could not write the cache (read-only folder, no permission), so the next start compiles again. */
    UNWRITABLE,
    /** A cache was there, and importlib rejected it (source changed, another build's magic number, bad header). */
    STALE,
    /** No cache under {@code sys.pycache_prefix}, where this process looks (caches beside the source are not read). */
    PREFIX_ELSEWHERE,
    /** Caches of this interpreter for other optimization levels only ({@code -O} against none). */
    OTHER_LEVEL,
    /** Caches of other interpreters only (another cache tag beside it). */
    OTHER_INTERPRETER,
    /** No cache at all. */
    NO_CACHE;

    /** The reason and its particulars, in words. */
    public record Why(Reason reason, String detail) {
    }

    /** {@code no-cache}, {@code dont-write-bytecode}: what text and JSON print. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Why {@code source}, compiled at run time by {@code process}, was not read from a cache. */
    public static Why of(Path source, Observation seen, PythonProcess process) {
        // Exhaustive switches: a new kind of write or of cache state must be given its reason here.
        Why unwritten = switch (seen.write()) {
            case DONT_WRITE_BYTECODE -> new Why(DONT_WRITE_BYTECODE, "sys.dont_write_bytecode is set "
                    + "(PYTHONDONTWRITEBYTECODE or -B): import writes no cache, but reads one; " + before(seen));
            case FAILED -> new Why(UNWRITABLE, seen.writeError().orElse("import could not write the cache"));
            case NOT_WRITTEN -> new Why(UNWRITABLE, "import wrote no cache (its loader cannot write one); "
                    + before(seen));
            case WRITTEN -> null;
        };
        if (unwritten != null) {
            return unwritten;
        }
        Why unused = switch (seen.found()) {
            case REJECTED, UNREADABLE -> new Why(STALE, before(seen));
            case NO_CACHE_TAG -> new Why(NO_CACHE, before(seen));
            case MISSING -> null;
        };
        if (unused != null) {
            return unused;
        }
        if (process.pycachePrefix().isPresent()) {
            return new Why(PREFIX_ELSEWHERE, "no cache under sys.pycache_prefix " + process.pycachePrefix().get()
                    + (seen.beside() ? "; the one in __pycache__ beside the source is not read while a prefix is set"
                    : ""));
        }
        String stem = stemOf(source);
        List<String> levels = new ArrayList<>();
        TreeSet<String> tags = new TreeSet<>();
        for (String name : seen.others()) {
            CacheFile.parse(name).filter(c -> c.stem().equals(stem)).ifPresent(c -> {
                if (!c.tag().equals(process.cacheTag())) {
                    tags.add(c.tag());
                } else if (c.optLevel() != process.optimize()) {
                    levels.add(name);
                }
            });
        }
        if (!levels.isEmpty()) {
            return new Why(OTHER_LEVEL, "optimization level " + process.optimize() + " has none; only "
                    + String.join(", ", levels));
        }
        if (!tags.isEmpty()) {
            return new Why(OTHER_INTERPRETER, process.cacheTag() + " has none; only " + String.join(", ", tags));
        }
        return new Why(NO_CACHE, before(seen));
    }

    /** The cache as importlib found it, in words. */
    private static String before(Observation seen) {
        return switch (seen.found()) {
            case MISSING -> "there was no cache";
            case REJECTED -> seen.rejection().orElse("importlib rejected the cache");
            case UNREADABLE -> "the cache could not be read";
            case NO_CACHE_TAG -> "the interpreter has no cache tag (sys.implementation.cache_tag is None)";
        };
    }

    private static String stemOf(Path source) {
        String name = source.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
