package io.pycd.audit;

import io.pycd.git.GitRepo;
import java.util.ArrayList;
import java.util.List;

/**
 * The audit of one repository.
 *
 * @param repo         the repository
 * @param tracked      caches git tracks, by path
 * @param history      caches ever added, by path; empty unless asked for
 * @param historyBytes the total size of every distinct cache blob in the history; 0 unless asked for
 * @param historyScanned whether the history was scanned
 * @param ignoreGaps   every folder and kind of cache the git rules let in, by folder then kind
 * @param docker       container build contexts that let caches in
 * @param warnings     why the audit may be incomplete (never failures by themselves)
 */
public record RepoAudit(GitRepo repo, List<TrackedCache> tracked, List<HistoricCache> history, long historyBytes,
                        boolean historyScanned, List<IgnoreGap> ignoreGaps, List<DockerFinding> docker,
                        List<String> warnings) {

    public RepoAudit {
        tracked = List.copyOf(tracked);
        history = List.copyOf(history);
        ignoreGaps = List.copyOf(ignoreGaps);
        docker = List.copyOf(docker);
        warnings = List.copyOf(warnings);
    }

    /** Every finding, in report order. */
    public List<Finding> findings() {
        List<Finding> all = new ArrayList<>(tracked);
        all.addAll(ignoreGaps);
        all.addAll(docker);
        all.addAll(history);
        return all;
    }

    /** Does anything fail the audit? */
    public boolean fails(boolean strict) {
        for (Finding f : findings()) {
            if (f.fails(strict)) {
                return true;
            }
        }
        return false;
    }

    public boolean clean() {
        return tracked.isEmpty() && history.isEmpty() && ignoreGaps.isEmpty() && docker.isEmpty();
    }
}
