package io.pycd.cache;

import java.util.regex.Pattern;

/** Recognises every kind of file name that a Python bytecode cache can have, without touching the disk. */
public final class CacheNames {

    /** The folder CPython keeps PEP 3147 caches in. */
    public static final String PYCACHE = "__pycache__";

    private static final Pattern TEMP = Pattern.compile(".+\\.py[co]\\.[0-9]+");

    private CacheNames() {
    }

    public static boolean isPycacheDir(String name) {
        return PYCACHE.equals(name);
    }

    /** A {@code .pyc} or {@code .pyo} file: legacy (beside its source), sourceless, or inside {@code __pycache__}. */
    public static boolean isCompiled(String name) {
        return name.length() > 4 && (name.endsWith(".pyc") || name.endsWith(".pyo"));
    }

    /** Jython's compiled class: {@code mod$py.class}. */
    public static boolean isJythonClass(String name) {
        return name.length() > "$py.class".length() && name.endsWith("$py.class");
    }

    /** A temp file left by an interrupted atomic write: {@code <name>.pyc.<digits>} (CPython appends {@code id()}). */
    public static boolean isTempFile(String name) {
        // Almost no name holds ".pyc." or ".pyo.": test that before running the regex on every name of a tree.
        return (name.contains(".pyc.") || name.contains(".pyo.")) && TEMP.matcher(name).matches();
    }

    /** Any bytecode cache file name: compiled, Jython class or temp file. */
    public static boolean isCacheName(String name) {
        return isCompiled(name) || isJythonClass(name) || isTempFile(name);
    }
}
