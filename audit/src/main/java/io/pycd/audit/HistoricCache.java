package io.pycd.audit;

/**
 * A cache path that some commit of the history added.
 *
 * @param path   repository-relative path
 * @param commit the earliest commit (by committer date) whose tree holds the path
 * @param bytes  the size of the blob that commit added, or null when the object is missing
 * @param raw    the path's bytes as git stores them ({@code path} is how git shows them)
 */
public record HistoricCache(String path, String commit, Long bytes, byte[] raw) implements Finding {

    /** History cannot be fixed without rewriting it: a note unless {@code --strict}. */
    @Override
    public boolean fails(boolean strict) {
        return strict;
    }

    @Override
    public String type() {
        return "history-cache";
    }
}
