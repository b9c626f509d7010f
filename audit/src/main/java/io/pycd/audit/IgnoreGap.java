package io.pycd.audit;

/**
 * A folder holding Python sources where a cache of one kind would not be ignored by the effective git rules.
 *
 * @param dir         the folder, relative to the repository root ({@code .} for the root)
 * @param kind        the kind of cache
 * @param ruleMissing the template line that would cover it
 * @param reincludedBy the rule that explicitly keeps such a cache ({@code source:line:!pattern}), or null when no
 *                    rule matches at all
 */
public record IgnoreGap(String dir, CacheKind kind, String ruleMissing, String reincludedBy) implements Finding {

    @Override
    public boolean fails(boolean strict) {
        return strict || kind.failsByDefault();
    }

    @Override
    public String type() {
        return "ignore-gap";
    }
}
