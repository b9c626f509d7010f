package io.pycd.cache;

import java.util.Optional;

/**
 * Which source a cache belongs to, read from the cache's name and where it sits: importlib's
 * {@code source_from_cache}, for every kind of cache pycd meets. In {@code __pycache__}: PEP 3147/488 names
 * ({@code m.cpython-312.opt-1.pyc}), the {@code .pyo} of Python 3.2–3.4 ({@code m.cpython-34.pyo}) and untagged
 * {@code m.pyc}; beside the source: legacy {@code m.pyc}/{@code m.pyo} and Jython's {@code m$py.class}; anywhere, the
 * temp file of an interrupted write ({@code m.cpython-312.pyc.4242}) belongs to the source of the cache it was to
 * become.
 */
public final class SourceFromCache {

    private static final String JYTHON_SUFFIX = "$py.class";

    private SourceFromCache() {
    }

    /**
     * The file name of the source of the cache {@code name}.
     *
     * @param inPycache true when the cache is an entry of a {@code __pycache__} folder (its source is in the folder
     *                  above), false when it sits beside its source
     * @return empty when the name is not one a cache of a source has
     */
    public static Optional<String> sourceName(String name, boolean inPycache) {
        String cache = CacheNames.isTempFile(name) ? name.substring(0, name.lastIndexOf('.')) : name;
        if (CacheNames.isCompiled(cache)) {
            Optional<CacheFile> entry = inPycache ? pycacheEntry(cache) : Optional.empty();
            return Optional.of(entry.isPresent() ? entry.get().sourceName() : besideSource(cache));
        }
        if (!inPycache && CacheNames.isJythonClass(cache)) {
            return Optional.of(cache.substring(0, cache.length() - JYTHON_SUFFIX.length()) + ".py");
        }
        return Optional.empty();
    }

    /**
     * The stem, tag and level a {@code __pycache__} entry's name carries: PEP 3147/488 {@code .pyc} names and the
     * {@code .pyo} of Python 3.2–3.4 (whose level is not in its name: reported as 0).
     */
    public static Optional<CacheFile> pycacheEntry(String name) {
        return CacheFile.parse(name.endsWith(".pyo") ? name.substring(0, name.length() - 1) + "c" : name);
    }

    /**
     * The source of the cache at {@code path}, a {@code /}-separated path relative to a tree's root (a repository's
     * index entry), or empty when the name says nothing about one.
     */
    public static Optional<String> sourceOf(String path) {
        int slash = path.lastIndexOf('/');
        String dir = slash < 0 ? "" : path.substring(0, slash);
        String name = path.substring(slash + 1);
        int dirSlash = dir.lastIndexOf('/');
        boolean inPycache = CacheNames.isPycacheDir(dir.substring(dirSlash + 1));
        String sourceDir = inPycache ? (dirSlash < 0 ? "" : dir.substring(0, dirSlash)) : dir;
        String prefix = sourceDir.isEmpty() ? "" : sourceDir + "/";
        return sourceName(name, inPycache).map(source -> prefix + source);
    }

    /** {@code m.pyc} and {@code m.pyo} belong to {@code m.py}. */
    private static String besideSource(String compiledName) {
        return compiledName.substring(0, compiledName.length() - 1);
    }
}
