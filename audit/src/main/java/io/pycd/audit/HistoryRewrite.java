package io.pycd.audit;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The history rewrite that removes exactly the caches an audit found in the history, for {@code git filter-repo
 * --invert-paths --paths-from-file FILE}: one exact line per cache path, so that no other path (and no kind of cache
 * a glob would miss, such as {@code .pyo} or {@code $py.class}) is touched. A path that is tracked today as a
 * sourceless module, which pycd calls a possible deliberate fixture, is left out: the rewrite would delete it from
 * every commit, the current one included.
 *
 * @param removed the historic caches the rewrite removes, by path
 * @param kept    historic cache paths left out because they are tracked today as possible fixtures
 */
public record HistoryRewrite(List<HistoricCache> removed, List<String> kept) {

    public HistoryRewrite {
        removed = List.copyOf(removed);
        kept = List.copyOf(kept);
    }

    public static HistoryRewrite of(RepoAudit audit) {
        Set<String> fixtures = new HashSet<>();
        for (TrackedCache t : audit.tracked()) {
            if (t.sourceless() && t.importable()) {
                fixtures.add(t.path());
            }
        }
        List<HistoricCache> removed = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        for (HistoricCache h : audit.history()) {
            if (fixtures.contains(h.path())) {
                kept.add(h.path());
            } else {
                removed.add(h);
            }
        }
        return new HistoryRewrite(removed, kept);
    }

    /**
     * The file for {@code --paths-from-file}: a {@code regex:^...$} line per path, matching that path and nothing
     * else. filter-repo reads each line as bytes; a plain line would also match a folder of that name, and lines
     * starting with {@code #} or holding {@code ==>} mean something else, so every byte outside {@code [A-Za-z0-9_/]}
     * is escaped ({@code \.}, or {@code \xHH} beyond ASCII punctuation).
     */
    public byte[] pathsFile() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (HistoricCache h : removed) {
            byte[] line = line(h.raw());
            out.write(line, 0, line.length);
            out.write('\n');
        }
        return out.toByteArray();
    }

    static byte[] line(byte[] path) {
        StringBuilder sb = new StringBuilder("regex:^");
        for (byte b : path) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '/') {
                sb.append((char) c);
            } else if (c > 0x20 && c < 0x7f) {
                sb.append('\\').append((char) c); // Python's re takes any escaped ASCII punctuation literally
            } else {
                sb.append(String.format("\\x%02x", c));
            }
        }
        return sb.append('$').toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
