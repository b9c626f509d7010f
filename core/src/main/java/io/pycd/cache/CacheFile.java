package io.pycd.cache;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of a PEP 3147/488 cache file name: {@code <stem>.<tag>[.opt-N].pyc}.
 *
 * <p>Unlike importlib's {@code source_from_cache}, the stem may itself hold dots ({@code a.b.py} caches as
 * {@code a.b.cpython-312.pyc}): the tag is the last dot-separated part before the optional {@code opt-N}.
 *
 * @param stem     the source's name without {@code .py}
 * @param tag      the interpreter's {@code sys.implementation.cache_tag}, e.g. {@code cpython-312}
 * @param optLevel 0, or N from an {@code .opt-N} part
 */
public record CacheFile(String stem, String tag, int optLevel) {

    private static final Pattern NAME = Pattern.compile("(.+?)\\.([^.]+?)(?:\\.opt-([0-9]+))?\\.pyc");

    public CacheFile {
        if (stem.isEmpty() || tag.isEmpty() || optLevel < 0) {
            throw new IllegalArgumentException("not a cache name: " + stem + "." + tag);
        }
    }

    /** Parses the name of an entry of a {@code __pycache__} folder; empty when it is not a cache name. */
    public static Optional<CacheFile> parse(String fileName) {
        Matcher m = NAME.matcher(fileName);
        if (!m.matches()) {
            return Optional.empty();
        }
        String opt = m.group(3);
        if (opt != null && opt.length() > 3) {
            return Optional.empty();
        }
        return Optional.of(new CacheFile(m.group(1), m.group(2), opt == null ? 0 : Integer.parseInt(opt)));
    }

    /** The cache's file name, as importlib's {@code cache_from_source} builds it. */
    public String fileName() {
        return stem + "." + tag + (optLevel == 0 ? "" : ".opt-" + optLevel) + ".pyc";
    }

    /** The file name of the source this cache was compiled from. */
    public String sourceName() {
        return stem + ".py";
    }
}
