package io.pycd.audit;

import io.pycd.audit.fix.Append;
import io.pycd.git.GitRepo;
import io.pycd.git.index.IndexUpdate;
import io.pycd.git.ignore.IgnoreFiles;
import io.pycd.audit.template.Template;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fixes what an audit found, without committing: untracks committed caches (the files stay on disk) and appends
 * the missing template lines to the root {@code .gitignore} and to each build context's {@code .dockerignore}.
 *
 * <p>A line is appended only if the rules with it appended would close at least one gap: a gap kept open by a
 * deeper {@code .gitignore} re-including caches cannot be fixed from the root, and appending there again on every
 * run would never end. Hence running the fix twice changes nothing the second time.
 */
public final class Fixer {

    /**
     * What a fix would do.
     *
     * @param untrack paths to remove from the index
     * @param appends ignore files to append to (or create)
     * @param notes   what cannot be fixed here, and why
     */
    public record Plan(GitRepo repo, List<String> untrack, List<Append> appends, List<String> notes) {
        public Plan {
            untrack = List.copyOf(untrack);
            appends = List.copyOf(appends);
            notes = List.copyOf(notes);
        }

        public boolean empty() {
            return untrack.isEmpty() && appends.isEmpty();
        }
    }

    private final Auditor auditor;

    public Fixer(Auditor auditor) {
        this.auditor = auditor;
    }

    /** Works out the fix for an audit; changes nothing. */
    public Plan plan(RepoAudit audit, boolean strict) throws AuditException, IOException {
        GitRepo repo = audit.repo();
        List<String> notes = new ArrayList<>();
        if (repo.bare()) {
            notes.add("bare repository: nothing to fix without a working tree");
            return new Plan(repo, List.of(), List.of(), notes);
        }
        List<String> untrack = new ArrayList<>();
        for (TrackedCache t : audit.tracked()) {
            if (t.fails(strict)) {
                untrack.add(t.path());
            } else {
                notes.add(t.path() + ": sourceless, kept (perhaps a deliberate fixture; --strict untracks it)");
            }
        }
        List<Append> appends = new ArrayList<>();
        Append git = gitAppend(audit, notes);
        if (git != null) {
            appends.add(git);
        }
        appends.addAll(dockerAppends(audit));
        return new Plan(repo, untrack, appends, notes);
    }

    private Append gitAppend(RepoAudit audit, List<String> notes) throws AuditException, IOException {
        if (audit.ignoreGaps().isEmpty()) {
            return null;
        }
        Set<String> candidates = new LinkedHashSet<>();
        for (IgnoreGap g : audit.ignoreGaps()) {
            candidates.add(g.ruleMissing());
        }
        Path root = audit.repo().workTree().resolve(".gitignore");
        byte[] existing = IgnoreFiles.read(root, true);
        byte[] extra = Append.bytesToAppend(existing, new ArrayList<>(candidates));
        Auditor.Context after = auditor.context(audit.repo(), new ArrayList<>(), extra);
        Map<String, Integer> before = count(audit.ignoreGaps());
        Map<String, Integer> remaining = count(Auditor.gaps(after.rules(), after.scan()));
        List<String> lines = new ArrayList<>();
        for (String c : candidates) {
            if (remaining.getOrDefault(c, 0) < before.getOrDefault(c, 0)) {
                lines.add(c);
            }
        }
        for (IgnoreGap g : audit.ignoreGaps()) {
            if (g.reincludedBy() != null && !g.reincludedBy().startsWith(".gitignore:")) {
                notes.add(g.dir() + ": " + g.kind().id() + " caches are re-included by " + g.reincludedBy()
                        + "; edit that file");
            }
        }
        if (lines.isEmpty()) {
            return null;
        }
        return new Append(root, ".gitignore", existing == null, lines);
    }

    /** The lines each build's ignore file lacks; a line only when it closes a gap (or the file is new). */
    private List<Append> dockerAppends(RepoAudit audit) throws AuditException, IOException {
        Path wt = audit.repo().workTree();
        Map<String, Set<String>> byFile = new LinkedHashMap<>();
        for (DockerFinding f : audit.docker()) {
            if (f instanceof DockerFinding.Missing m) {
                byFile.computeIfAbsent(DockerBuilds.ignoreFile(wt, m.dockerfile()), k -> new LinkedHashSet<>())
                        .addAll(Template.load(Template.Kind.DOCKER).caches());
            } else if (f instanceof DockerFinding.Gap g) {
                byFile.computeIfAbsent(g.ignoreFile(), k -> new LinkedHashSet<>()).add(g.ruleMissing());
            }
        }
        if (byFile.isEmpty()) {
            return List.of();
        }
        Auditor.Context ctx = auditor.context(audit.repo(), new ArrayList<>(), null);
        Map<String, byte[]> extra = new HashMap<>();
        Map<String, byte[]> existing = new HashMap<>();
        for (var e : byFile.entrySet()) {
            byte[] content = IgnoreFiles.read(wt.resolve(e.getKey()), true);
            existing.put(e.getKey(), content);
            extra.put(e.getKey(), Append.bytesToAppend(content, new ArrayList<>(e.getValue())));
        }
        List<DockerFinding> after = DockerBuilds.findings(wt, ctx.scan(), extra);
        List<Append> out = new ArrayList<>();
        for (var e : byFile.entrySet()) {
            String file = e.getKey();
            List<String> lines = new ArrayList<>();
            for (String line : e.getValue()) {
                long was = audit.docker().stream().filter(f -> covers(f, file, line)).count();
                long now = after.stream().filter(f -> covers(f, file, line)).count();
                if (now < was || existing.get(file) == null) {
                    lines.add(line);
                }
            }
            if (!lines.isEmpty()) {
                out.add(new Append(wt.resolve(file), file, existing.get(file) == null, lines));
            }
        }
        return out;
    }

    private static boolean covers(DockerFinding f, String ignoreFile, String line) {
        return f instanceof DockerFinding.Gap g && g.ignoreFile().equals(ignoreFile) && g.ruleMissing().equals(line);
    }

    private static Map<String, Integer> count(List<IgnoreGap> gaps) {
        Map<String, Integer> m = new HashMap<>();
        for (IgnoreGap g : gaps) {
            m.merge(g.ruleMissing(), 1, Integer::sum);
        }
        return m;
    }

    /**
     * Carries out a plan, all or nothing: the index lock is taken first (the step most likely to be refused: git
     * is running) and the new index written into it, then the ignore files are appended to, and only then is the
     * index put in place. When any step fails the appends already made are undone and the lock dropped, so the
     * index and the files are as they were; the result says what failed and, should an undo fail too, exactly
     * what was left changed.
     */
    public FixResult apply(Plan plan) {
        if (plan.empty()) {
            return new FixResult.Applied(plan);
        }
        IndexUpdate index = null;
        List<Append.Undo> undo = new ArrayList<>();
        try {
            if (!plan.untrack().isEmpty()) {
                index = IndexUpdate.lock(plan.repo());
                index.untrack(new HashSet<>(plan.untrack()));
            }
            for (Append a : plan.appends()) {
                undo.add(a.apply());
            }
            if (index != null) {
                index.commit();
            }
            return new FixResult.Applied(plan);
        } catch (IOException e) {
            List<Append> left = new ArrayList<>();
            for (int i = undo.size() - 1; i >= 0; i--) {
                try {
                    undo.get(i).run();
                } catch (IOException u) {
                    left.add(undo.get(i).append());
                }
            }
            return new FixResult.Failed(plan, e.getMessage(), left);
        } finally {
            if (index != null) {
                index.close();
            }
        }
    }
}
