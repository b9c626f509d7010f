package io.pycd.cleaner.keep;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cache tags whose caches clean keeps (when fresh), each with why, and the versions it left out because the
 * project's {@code requires-python} rules them out.
 *
 * @param tags    tag → why it is kept ({@code target python3.12}, {@code --keep-version}, {@code .venv/pyvenv.cfg})
 * @param refused tag → why an inferred version was not kept
 */
public record KeepSet(Map<String, String> tags, Map<String, String> refused) {

    private static final Pattern SHORT = Pattern.compile("([0-9]+)\\.([0-9]+)");
    private static final Pattern TAG = Pattern.compile("[a-z][a-z0-9_]*-?[0-9]+");

    public KeepSet {
        tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
        refused = Collections.unmodifiableMap(new LinkedHashMap<>(refused));
    }

    public boolean keeps(String tag) {
        return tags.containsKey(tag);
    }

    /** Builds a keep set step by step; the first reason given for a tag is the one kept. */
    public static final class Builder {
        private final Map<String, String> tags = new LinkedHashMap<>();
        private final Map<String, String> refused = new LinkedHashMap<>();
        private final Optional<RequiresPython> requiresPython;

        public Builder(Optional<RequiresPython> requiresPython) {
            this.requiresPython = requiresPython;
        }

        /** A tag kept whatever requires-python says: a target interpreter, or an explicit version. */
        public Builder explicit(String tag, String why) {
            tags.putIfAbsent(tag, why);
            refused.remove(tag);
            return this;
        }

        /** A version the tree suggests (a virtualenv): kept only inside requires-python. */
        public Builder inferred(String tag, String version, String why) {
            if (tags.containsKey(tag)) {
                return this;
            }
            if (requiresPython.isPresent() && !requiresPython.get().allows(version)) {
                refused.putIfAbsent(tag, why + ": " + version + " is outside requires-python " + requiresPython.get());
            } else {
                tags.put(tag, why);
                refused.remove(tag);
            }
            return this;
        }

        public KeepSet build() {
            return new KeepSet(tags, refused);
        }
    }

    /**
     * The tag for a {@code --keep-version} value: {@code 3.11} → {@code cpython-311}; a tag ({@code cpython-311},
     * {@code pypy39}) stays as given.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static String tagFor(String keepVersion) {
        String v = keepVersion.strip();
        Matcher m = SHORT.matcher(v);
        if (m.matches()) {
            return tagOf("cpython", Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        }
        if (TAG.matcher(v).matches()) {
            return v;
        }
        throw new IllegalArgumentException("keep-version '" + keepVersion
                + "' is neither X.Y (3.11) nor a cache tag (cpython-311, pypy39)");
    }

    /** CPython's tags are {@code cpython-XY}; PyPy's {@code pypyXY}. */
    public static String tagOf(String implementation, int major, int minor) {
        return "pypy".equals(implementation) ? "pypy" + major + minor : implementation + "-" + major + minor;
    }

    /** The X.Y of a {@code cpython-XY} tag, if it is one (3.10+ have two-digit minors: {@code cpython-310}). */
    public static Optional<int[]> cpythonVersion(String tag) {
        if (!tag.startsWith("cpython-") || tag.length() < "cpython-XY".length()) {
            return Optional.empty();
        }
        String digits = tag.substring("cpython-".length());
        if (!digits.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        return Optional.of(new int[] {digits.charAt(0) - '0', Integer.parseInt(digits.substring(1))});
    }

    public List<String> tagList() {
        return List.copyOf(tags.keySet());
    }
}
