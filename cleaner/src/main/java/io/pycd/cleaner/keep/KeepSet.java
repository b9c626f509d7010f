package io.pycd.cleaner.keep;

import io.pycd.config.RequiresPython;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cache tags whose caches clean keeps (when fresh), each with why, and the versions it left out because the
 * project's {@code requires-python} rules them out.
 *
 * @param tags    tag → why it is kept ({@code target python3.12}, {@code --keep-version}, {@code .venv/pyvenv.cfg})
 * @param refused tag → why an inferred version was not kept
 */
public record KeepSet(Map<String, String> tags, Map<String, String> refused) {

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

    public List<String> tagList() {
        return List.copyOf(tags.keySet());
    }
}
