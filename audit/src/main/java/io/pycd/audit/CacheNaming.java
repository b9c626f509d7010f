package io.pycd.audit;

import io.pycd.cache.CacheFile;
import io.pycd.cache.CacheNames;

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
        int slash = path.lastIndexOf('/');
        String dir = slash < 0 ? "" : path.substring(0, slash);
        String name = path.substring(slash + 1);
        if (CacheNames.isTempFile(name)) {
            name = name.substring(0, name.lastIndexOf('.'));
        }
        if (dir.equals("__pycache__") || dir.endsWith("/__pycache__")) {
            String parent = dir.equals("__pycache__") ? ""
                    : dir.substring(0, dir.length() - "/__pycache__".length()) + "/";
            var parsed = CacheFile.parse(name);
            if (parsed.isPresent()) {
                return parent + parsed.get().sourceName();
            }
            if (CacheNames.isCompiled(name)) {
                return parent + CacheNames.legacySourceName(name);
            }
            return null;
        }
        String prefix = dir.isEmpty() ? "" : dir + "/";
        if (CacheNames.isCompiled(name)) {
            return prefix + CacheNames.legacySourceName(name);
        }
        if (CacheNames.isJythonClass(name)) {
            return prefix + name.substring(0, name.length() - "$py.class".length()) + ".py";
        }
        return null;
    }
}
