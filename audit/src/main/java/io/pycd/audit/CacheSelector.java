package io.pycd.audit;

import io.pycd.git.history.HistoryScan;
import java.nio.charset.StandardCharsets;

/** Picks caches out of git's trees for the history scan: every entry below {@code __pycache__}, and cache names. */
final class CacheSelector implements HistoryScan.Selector {

    static final CacheSelector INSTANCE = new CacheSelector();

    private static final byte[] PYCACHE = "__pycache__".getBytes(StandardCharsets.US_ASCII);

    private CacheSelector() {
    }

    @Override
    public boolean selectsFolder(byte[] raw, int from, int to) {
        if (to - from != PYCACHE.length) {
            return false;
        }
        for (int i = 0; i < PYCACHE.length; i++) {
            if (raw[from + i] != PYCACHE[i]) {
                return false;
            }
        }
        return true;
    }

    /** A cheap byte test first (every cache name holds ".py" or "$py"), the real rules only for candidates. */
    @Override
    public boolean selectsFile(byte[] raw, int from, int to) {
        for (int i = from; i + 2 < to; i++) {
            if ((raw[i] == '.' || raw[i] == '$') && raw[i + 1] == 'p' && raw[i + 2] == 'y') {
                return CacheNaming.isCacheFileName(new String(raw, from, to - from, StandardCharsets.ISO_8859_1));
            }
        }
        return false;
    }
}
