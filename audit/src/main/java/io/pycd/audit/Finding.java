package io.pycd.audit;

/**
 * Something the audit found. A closed set: each kind has its own record, and each says whether it fails the audit
 * (the rest are notes, failing only under {@code --strict}).
 */
public sealed interface Finding permits TrackedCache, HistoricCache, IgnoreGap, DockerFinding {

    /** Does this finding fail the audit (exit 1)? */
    boolean fails(boolean strict);

    /** A stable id for the finding type, used as the SARIF rule id. */
    String type();
}
