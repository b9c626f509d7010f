package io.pycd.cache;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An interpreter's cache tag, {@code sys.implementation.cache_tag}: which implementation wrote a cache and which
 * Python version it implements. CPython writes {@code cpython-312}, PyPy {@code pypy39} (no dash), other
 * implementations {@code <name>-<X><Y>}.
 *
 * @param implementation lower case: {@code cpython}, {@code pypy}
 * @param major          3
 * @param minor          12 (two digits from 3.10 on: {@code cpython-310})
 */
public record CacheTag(String implementation, int major, int minor) {

    private static final Pattern TAG = Pattern.compile("([a-z][a-z0-9_]*?)-?([0-9])([0-9]+)");
    private static final Pattern SHORT_VERSION = Pattern.compile("([0-9]+)\\.([0-9]+)");

    public CacheTag {
        if (!implementation.matches("[a-z][a-z0-9_]*") || major < 0 || minor < 0) {
            throw new IllegalArgumentException("not a cache tag: " + implementation + " " + major + "." + minor);
        }
    }

    public static CacheTag cpython(int major, int minor) {
        return new CacheTag("cpython", major, minor);
    }

    /** The tag {@code text} spells, when it is spelt as its implementation writes it; empty otherwise. */
    public static Optional<CacheTag> parse(String text) {
        Matcher m = TAG.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        CacheTag tag = new CacheTag(m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
        return tag.toString().equals(text) ? Optional.of(tag) : Optional.empty();
    }

    /**
     * A {@code --keep-version} value: {@code X.Y} names CPython's version ({@code 3.11} is {@code cpython-311}),
     * anything else must be a tag.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static CacheTag ofKeepVersion(String text) {
        String v = text.strip();
        Matcher m = SHORT_VERSION.matcher(v);
        if (m.matches()) {
            return cpython(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        }
        return parse(v).orElseThrow(() -> new IllegalArgumentException("keep-version '" + text
                + "' is neither X.Y (3.11) nor a cache tag (cpython-311, pypy39)"));
    }

    public boolean isCPython() {
        return "cpython".equals(implementation);
    }

    /** The tag as the implementation writes it into cache names. */
    @Override
    public String toString() {
        return implementation + ("pypy".equals(implementation) ? "" : "-") + major + minor;
    }
}
