package io.pycd.audit;

import io.pycd.cache.CacheNames;
import io.pycd.cache.SourceFromCache;

/** Which tracked paths are caches, and which source each belongs to; built on the compiler's {@link CacheNames}. */
public final class CacheNaming {

    private CacheNaming() {
    }

    /** A file name that is a cache wherever it sits: {@code .pyc}, {@code .pyo}, {@code $py.class}, temp files. */
    public static boolean isCacheFileName(String name) {
        // every cache name holds ".py" (".pyc", ".pyo", ".pyc.123") or "$py": skip the rules (and the temp-file
        // regex) for the other 99% of a tree's names
        return name.contains("py") && CacheNames.isCacheName(name);
    }

    /** Is this repository path a cache: any entry of a {@code __pycache__} folder, or a cache file name? */
    public static boolean isCachePath(String path) {
        return inPycache(path) || isCacheFileName(baseName(path));
    }

    static boolean inPycache(String path) {
        return path.startsWith("__pycache__/") || path.contains("/__pycache__/");
    }

    static String baseName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** The source file a cache would have been compiled from, or null when the name says nothing about it. */
    public static String sourceOf(String path) {
        return SourceFromCache.sourceOf(path).orElse(null);
    }
}
