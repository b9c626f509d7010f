package io.pycd.audit;

/**
 * What to audit.
 *
 * @param history also scan every commit for caches ever added
 */
public record AuditOptions(boolean history) {

    public static final AuditOptions DEFAULT = new AuditOptions(false);
}
