package io.pycd.cli.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pycd.audit.DockerFinding;
import io.pycd.audit.FixResult;
import io.pycd.audit.Fixer;
import io.pycd.audit.HistoricCache;
import io.pycd.audit.IgnoreGap;
import io.pycd.audit.RepoAudit;
import io.pycd.audit.RepoOutcome;
import io.pycd.audit.TrackedCache;
import io.pycd.cli.Json;
import io.pycd.audit.fix.Append;
import java.util.List;

/**
 * {@code --format json}: {@code {"repos": [{"path", "tracked", "history", "history_bytes", "ignore_gaps",
 * "docker"}]}}, with every folder of every gap (no collapsing). A {@code "fix"} object is added only under
 * {@code --fix}.
 */
public final class JsonReport {

    private JsonReport() {
    }

    /** The document for the audited repositories (those that could not be audited are named on stderr). */
    public static JsonNode of(List<RepoResult> results, boolean dryRun) {
        ObjectNode root = Json.object();
        ArrayNode repos = root.putArray("repos");
        for (RepoResult result : results) {
            if (!(result.found() instanceof RepoOutcome.Audited audited)) {
                continue;
            }
            RepoAudit a = audited.audit();
            ObjectNode r = repos.addObject();
            r.put("path", a.repo().root().toString());
            ArrayNode tracked = r.putArray("tracked");
            for (TrackedCache t : a.tracked()) {
                tracked.addObject().put("path", t.path()).put("sourceless", t.sourceless());
            }
            ArrayNode history = r.putArray("history");
            for (HistoricCache h : a.history()) {
                ObjectNode o = history.addObject().put("path", h.path()).put("commit", h.commit());
                if (h.bytes() == null) {
                    o.putNull("bytes");
                } else {
                    o.put("bytes", h.bytes());
                }
            }
            r.put("history_bytes", a.historyBytes());
            ArrayNode gaps = r.putArray("ignore_gaps");
            for (IgnoreGap g : a.ignoreGaps()) {
                gaps.addObject().put("dir", g.dir()).put("kind", g.kind().id()).put("rule_missing", g.ruleMissing());
            }
            ArrayNode docker = r.putArray("docker");
            for (DockerFinding f : a.docker()) {
                ObjectNode o = docker.addObject().put("dockerfile", f.dockerfile()).put("context", f.context());
                if (f instanceof DockerFinding.Missing) {
                    o.putNull("ignore_file");
                    o.put("missing", true);
                } else if (f instanceof DockerFinding.Gap g) {
                    o.put("ignore_file", g.ignoreFile());
                    o.put("missing", false);
                    o.put("dir", g.dir()).put("kind", g.kind().id()).put("rule_missing", g.ruleMissing());
                }
            }
            Fixer.Plan plan = result.plan();
            if (plan != null) {
                // what is on disk afterwards: a failed fix untracked nothing and appended only what it could not undo
                FixResult.Failed failed = result.fix() instanceof FixResult.Failed f ? f : null;
                ObjectNode fix = r.putObject("fix");
                fix.put("dry_run", dryRun);
                ArrayNode untracked = fix.putArray("untracked");
                if (failed == null) {
                    plan.untrack().forEach(untracked::add);
                }
                ArrayNode appended = fix.putArray("appended");
                for (Append ap : failed == null ? plan.appends() : failed.leftChanged()) {
                    ObjectNode o = appended.addObject().put("file", ap.display()).put("created", ap.create());
                    ArrayNode lines = o.putArray("lines");
                    ap.lines().forEach(lines::add);
                }
                ArrayNode notes = fix.putArray("not_fixed");
                plan.notes().forEach(notes::add);
                fix.put("error", failed == null ? null : failed.reason());
            }
        }
        return root;
    }
}
