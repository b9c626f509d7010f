package io.pycd.audit;

/**
 * A cache in the index (or, for a bare repository, in {@code HEAD}).
 *
 * @param path           repository-relative path
 * @param source         the source it was compiled from, or null when the name does not tell
 * @param sourceless     the source is not tracked beside it
 * @param importable     a {@code .pyc}/{@code .pyo}/{@code $py.class} outside {@code __pycache__}: without its
 *                       source Python imports it directly, which is why such files are sometimes kept on purpose
 * @param ignoredBy      the rule that already ignores it ({@code source:line:pattern}), or null: a tracked file
 *                       stays tracked whatever the ignore files say, only {@code git rm --cached} removes it
 */
public record TrackedCache(String path, String source, boolean sourceless, boolean importable, String ignoredBy)
        implements Finding {

    /** A sourceless importable module is often a deliberate fixture: a note. Every other tracked cache fails. */
    @Override
    public boolean fails(boolean strict) {
        return strict || !(sourceless && importable);
    }

    @Override
    public String type() {
        return sourceless && importable ? "sourceless-cache" : "tracked-cache";
    }
}
