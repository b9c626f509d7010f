package io.pycd.cache;

import java.nio.file.Path;

/**
 * Where caches go: PEP 3147/488 {@code __pycache__} folders (the default), a {@code sys.pycache_prefix} tree, or
 * legacy {@code x.pyc} files beside their sources ({@code compileall -b}).
 */
public sealed interface CacheLayout {

    /** The cache of {@code source} for an interpreter with {@code cacheTag} at {@code optLevel}. */
    Path cacheOf(Path source, String cacheTag, int optLevel);

    /** {@code <dir>/__pycache__/<stem>.<tag>[.opt-N].pyc} */
    record Pycache() implements CacheLayout {
        @Override
        public Path cacheOf(Path source, String cacheTag, int optLevel) {
            Path dir = source.getParent();
            // one resolve of "__pycache__/<name>": every source of a tree is looked up here
            String below = CacheNames.PYCACHE + "/" + new CacheFile(stem(source), cacheTag, optLevel).fileName();
            return dir == null ? Path.of(below) : dir.resolve(below);
        }
    }

    /**
     * {@code <prefix>/<absolute source folder>/<stem>.<tag>[.opt-N].pyc}, as with {@code PYTHONPYCACHEPREFIX}.
     *
     * @param prefix the prefix folder
     */
    record Prefix(Path prefix) implements CacheLayout {
        @Override
        public Path cacheOf(Path source, String cacheTag, int optLevel) {
            Path absolute = source.toAbsolutePath().normalize();
            Path dir = absolute.getParent();
            Path under = prefix.toAbsolutePath().normalize();
            if (dir != null && dir.getRoot() != null) {
                under = under.resolve(dir.getRoot().relativize(dir).toString());
            }
            return under.resolve(new CacheFile(stem(source), cacheTag, optLevel).fileName());
        }
    }

    /** {@code <dir>/<stem>.pyc} beside the source; importable only once the source is gone. */
    record Legacy() implements CacheLayout {
        @Override
        public Path cacheOf(Path source, String cacheTag, int optLevel) {
            return source.resolveSibling(source.getFileName() + "c");
        }
    }

    /** The source's name without {@code .py}. */
    static String stem(Path source) {
        String name = source.getFileName().toString();
        return name.endsWith(".py") ? name.substring(0, name.length() - 3) : name;
    }
}
