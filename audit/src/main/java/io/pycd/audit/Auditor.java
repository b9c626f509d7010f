package io.pycd.audit;

import io.pycd.git.index.CorruptIndexException;
import io.pycd.git.GitEnvironment;
import io.pycd.git.GitRepo;
import io.pycd.git.GitSettings;
import io.pycd.git.history.HistoryScan;
import io.pycd.git.NotARepositoryException;
import io.pycd.git.index.TrackedFiles;
import io.pycd.git.ignore.GitIgnoreRules;
import io.pycd.git.ignore.IgnoreFiles;
import io.pycd.audit.tree.WorkTreeScan;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Audits repositories: caches git tracks, caches the history ever added, and folders where the ignore rules (git's
 * and Docker's) would let a cache in. Never prints, never exits; safe to use from several threads, one repository
 * per call.
 */
public final class Auditor {

    private final GitEnvironment env;

    public Auditor(GitEnvironment env) {
        this.env = env;
    }

    /** An auditor reading configuration as git would in this process. */
    public static Auditor forProcess() {
        return new Auditor(GitEnvironment.fromProcess());
    }

    public GitEnvironment environment() {
        return env;
    }

    /**
     * Audits the repository holding {@code path}.
     *
     * @throws NotARepositoryException when there is no repository there
     * @throws AuditException          when the repository cannot be read (a corrupt index, say)
     */
    public RepoAudit audit(Path path, AuditOptions options, Progress progress)
            throws NotARepositoryException, AuditException {
        GitRepo repo = GitRepo.locate(path, env);
        List<String> warnings = new ArrayList<>();
        try {
            Context ctx = context(repo, warnings);
            List<TrackedCache> tracked = trackedCaches(ctx);
            List<IgnoreGap> gaps = List.of();
            List<DockerFinding> docker = List.of();
            if (ctx.scan != null) {
                gaps = gaps(ctx.rules, ctx.scan);
                docker = DockerBuilds.findings(repo.workTree(), ctx.scan, Map.of());
            }
            List<HistoricCache> history = List.of();
            long historyBytes = 0;
            if (options.history()) {
                HistoryScan.Result h = HistoryScan.scan(repo, CacheSelector.INSTANCE,
                        (done, total) -> progress.step("history", done, total));
                history = h.paths().stream().map(p -> new HistoricCache(p.path(), p.commit(), p.bytes(), p.raw())).toList();
                historyBytes = h.totalBytes();
                warnings.addAll(historyWarnings(h.incomplete()));
            }
            return new RepoAudit(repo, tracked, history, historyBytes, options.history(), gaps, docker, warnings);
        } catch (IOException e) {
            throw new AuditException(repo.root() + ": cannot read the repository: " + e.getMessage(), e);
        }
    }

    /**
     * Audits several repositories on {@code threads} threads; the outcomes come back in the order of
     * {@code paths}, one failure never stopping the others.
     */
    public List<RepoOutcome> auditAll(List<Path> paths, AuditOptions options, int threads, Progress progress) {
        List<RepoOutcome> out = new ArrayList<>();
        if (threads <= 1 || paths.size() <= 1) {
            for (Path p : paths) {
                out.add(outcome(p, options, progress));
            }
            return out;
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(
                Math.min(threads, paths.size()), r -> {
                    Thread t = new Thread(r, "pycd-audit");
                    t.setDaemon(true);
                    return t;
                });
        try {
            List<java.util.concurrent.Future<RepoOutcome>> futures = new ArrayList<>();
            for (Path p : paths) {
                futures.add(pool.submit(() -> outcome(p, options, progress)));
            }
            for (int i = 0; i < futures.size(); i++) {
                try {
                    out.add(futures.get(i).get());
                } catch (java.util.concurrent.ExecutionException e) {
                    out.add(new RepoOutcome.Failed(paths.get(i), String.valueOf(e.getCause())));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    out.add(new RepoOutcome.Failed(paths.get(i), "interrupted"));
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return out;
    }

    /** One audit as an outcome, for callers that report failures rather than stop at them. */
    public RepoOutcome outcome(Path path, AuditOptions options, Progress progress) {
        try {
            return new RepoOutcome.Audited(path, audit(path, options, progress));
        } catch (NotARepositoryException | AuditException e) {
            return new RepoOutcome.Failed(path, e.getMessage());
        } catch (RuntimeException e) {
            return new RepoOutcome.Failed(path, "cannot audit: " + e);
        }
    }

    /** Why a history scan may be incomplete, for people. */
    private static List<String> historyWarnings(HistoryScan.Incomplete i) {
        List<String> out = new ArrayList<>();
        if (i.missingCommits() > 0) {
            out.add(i.missingCommits() + " commit(s) missing from the repository: history behind them is not checked");
        }
        if (i.shallowBoundaries() > 0) {
            out.add("shallow clone: history before " + i.shallowBoundaries()
                    + " boundary commit(s) is missing; caches added there are reported at the boundary");
        }
        if (i.missingTrees() > 0) {
            out.add(i.missingTrees() + " tree object(s) missing from the repository: caches below them are not"
                    + " reported");
        }
        if (i.missingBlobs() > 0) {
            out.add(i.missingBlobs() + " cache blob(s) missing from the repository: their size is unknown");
        }
        return out;
    }

    /** Everything the findings are computed from. */
    record Context(GitRepo repo, TrackedFiles tracked, GitIgnoreRules rules, WorkTreeScan scan,
                   GitSettings settings) {
    }

    Context context(GitRepo repo, List<String> warnings) throws AuditException, IOException {
        return context(repo, warnings, null);
    }

    /** The context, with {@code extraRoot} appended to the root {@code .gitignore} when not null (for --fix). */
    Context context(GitRepo repo, List<String> warnings, byte[] extraRoot) throws AuditException, IOException {
        TrackedFiles tracked;
        try {
            tracked = repo.bare() ? TrackedFiles.fromHead(repo) : TrackedFiles.fromIndex(repo);
        } catch (CorruptIndexException e) {
            throw new AuditException(repo.root() + ": " + e.getMessage(), e);
        }
        GitSettings settings = GitSettings.read(repo, env);
        if (repo.bare()) {
            warnings.add("bare repository: the caches of HEAD are checked; ignore files and Dockerfiles need a"
                    + " working tree");
            return new Context(repo, tracked, null, null, settings);
        }
        GitIgnoreRules rules = IgnoreFiles.forRepository(repo, settings, extraRoot);
        WorkTreeScan scan = WorkTreeScan.scan(repo.workTree(), rules, tracked);
        for (String u : scan.unreadable()) {
            warnings.add("cannot read folder " + u + ": not checked");
        }
        for (WorkTreeScan.NotUtf8 f : scan.notUtf8()) {
            warnings.add("folder " + f.path() + " is not named in UTF-8: "
                    + (f.gitignore() ? "its .gitignore is not read and its" : "its") + " sources are not checked");
        }
        return new Context(repo, tracked, rules, scan, settings);
    }

    static List<TrackedCache> trackedCaches(Context ctx) {
        List<TrackedCache> out = new ArrayList<>();
        for (TrackedFiles.Entry e : ctx.tracked.entries()) {
            if (e.submodule() || !CacheNaming.isCachePath(e.path())) {
                continue;
            }
            String source = CacheNaming.sourceOf(e.path());
            boolean sourceless = source == null || !ctx.tracked.contains(source);
            boolean importable = !CacheNaming.inPycache(e.path())
                    && !io.pycd.cache.CacheNames.isTempFile(CacheNaming.baseName(e.path()));
            String ignoredBy = null;
            if (ctx.rules != null) {
                GitIgnoreRules.Decision d = ctx.rules.check(e.raw(), false);
                ignoredBy = d.ignored() ? d.rule() : null;
            }
            out.add(new TrackedCache(e.path(), source, sourceless, importable, ignoredBy));
        }
        return out;
    }

    static List<IgnoreGap> gaps(GitIgnoreRules rules, WorkTreeScan scan) {
        List<IgnoreGap> out = new ArrayList<>();
        for (Map.Entry<String, String> f : scan.sourceFolders().entrySet()) {
            String dir = f.getKey();
            for (CacheKind kind : CacheKind.values()) {
                GitIgnoreRules.Decision d = rules.check(kind.probe(dir, f.getValue()), false);
                if (!d.ignored()) {
                    out.add(new IgnoreGap(dir.isEmpty() ? "." : dir, kind, kind.gitRule(),
                            d.pattern() == null ? null : d.rule()));
                }
            }
        }
        return out;
    }

    static byte[] concat(byte[] a, byte[] b) {
        if (a == null) {
            return b == null ? new byte[0] : b;
        }
        if (b == null) {
            return a;
        }
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
