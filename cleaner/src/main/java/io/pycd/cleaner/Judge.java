package io.pycd.cleaner;

import io.pycd.cache.CacheFile;
import io.pycd.cache.CacheNames;
import io.pycd.cache.CacheRead;
import io.pycd.cache.CacheState;
import io.pycd.cache.CacheTag;
import io.pycd.cache.Freshness;
import io.pycd.cache.Orphans;
import io.pycd.cache.SourceFromCache;
import io.pycd.fs.IoErrors;
import io.pycd.fs.Listing;
import io.pycd.interpreter.InUse;
import io.pycd.interpreter.Interpreter;
import io.pycd.tree.SourceNames;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Judges each entry of a listed folder: what to remove and why, what to keep. Stateless apart from the options and
 * the keep set, so folders are judged in parallel.
 */
final class Judge {

    /** Clean judges a cache as import would, in the mode it was written in. */
    private static final Freshness FRESHNESS = Freshness.asWritten();

    /** What one folder's judgement planned. */
    static final class FolderPlan {
        final List<Removal> removals = new ArrayList<>();
        final List<Path> sourceless = new ArrayList<>();
        final List<CleanError> errors = new ArrayList<>();
        long kept;
    }

    private final CleanOptions options;
    private final InUse keep;
    private final Map<String, List<Freshness.Expected>> targets = new LinkedHashMap<>();

    Judge(CleanOptions options, InUse keep) {
        this.options = options;
        this.keep = keep;
        for (Interpreter i : options.targets()) {
            targets.computeIfAbsent(i.cacheTag(), t -> new ArrayList<>())
                    .add(Freshness.Expected.of(i.magic(), i.sipHash()));
        }
    }

    FolderPlan plan(TreeScan.Folder f) {
        FolderPlan p = new FolderPlan();
        if (f.pycache()) {
            planPycache(f, p);
        } else {
            planFolder(f, p);
        }
        return p;
    }

    private boolean excluded(TreeScan.Folder f, Listing.Entry e) {
        return !options.rules().excludes().isEmpty()
                && options.rules().isExcluded(relative(f, e), e.name());
    }

    private static String relative(TreeScan.Folder f, Listing.Entry e) {
        return f.relative().isEmpty() ? e.name() : f.relative() + "/" + e.name();
    }

    private void planFolder(TreeScan.Folder f, FolderPlan p) {
        boolean besideProject = Claim.besideProject(f.sources());
        boolean all = options.mode() == CleanMode.ALL;
        for (Listing.Entry e : f.entries()) {
            if (e.type() != Listing.Type.FILE && e.type() != Listing.Type.DIR
                    || !SourceNames.isRepresentable(e.name()) || CacheNames.isPycacheDir(e.name())
                    || e.type() == Listing.Type.DIR && SourceNames.isVcsFolder(e.name())) {
                continue;
            }
            if (excluded(f, e)) {
                continue;
            }
            Claim claim = Claim.on(options, e, relative(f, e), besideProject);
            if (claim != null) {
                p.removals.add(e.type() == Listing.Type.DIR ? tree(e, claim, p) : file(e, claim.reason(), claim.detail()));
                continue;
            }
            if (e.type() != Listing.Type.FILE) {
                continue;
            }
            String name = e.name();
            if (maybeTemp(name) && CacheNames.isTempFile(name)) {
                p.removals.add(file(e, all ? Reason.ALL : Reason.TEMP, all ? "temp" : ""));
            } else if (CacheNames.isCompiled(name) || all && CacheNames.isJythonClass(name)) {
                besideSource(f, e, all, p);
            }
        }
    }

    /** {@code x.pyc}, {@code x.pyo}, {@code x$py.class} outside __pycache__: legacy if x.py exists, else the module. */
    private void besideSource(TreeScan.Folder f, Listing.Entry e, boolean all, FolderPlan p) {
        String source = SourceFromCache.sourceName(e.name(), false).orElseThrow();
        if (Orphans.listed(f.sources()).holdsSource(source)) {
            p.removals.add(file(e, all ? Reason.ALL : Reason.LEGACY, all ? "legacy" : ""));
        } else if (options.sourceless()) {
            p.removals.add(file(e, all ? Reason.ALL : Reason.ORPHAN, "sourceless"));
        } else {
            p.sourceless.add(e.path());
        }
    }

    private void planPycache(TreeScan.Folder f, FolderPlan p) {
        boolean emptied = f.complete();
        boolean all = options.mode() == CleanMode.ALL;
        int before = p.removals.size();
        for (Listing.Entry e : f.entries()) {
            if (e.type() != Listing.Type.FILE || !SourceNames.isRepresentable(e.name()) || excluded(f, e)) {
                emptied = false;
                continue;
            }
            String name = e.name();
            if (maybeTemp(name) && CacheNames.isTempFile(name)) {
                p.removals.add(file(e, all ? Reason.ALL : Reason.TEMP, all ? "temp" : ""));
            } else if (all) {
                if (CacheNames.isCompiled(name) || CacheNames.isJythonClass(name)) {
                    p.removals.add(file(e, Reason.ALL, ""));
                } else {
                    emptied = false;
                }
            } else if (CacheNames.isCompiled(name)) {
                Removal r = judgeCache(f, e);
                if (r == null) {
                    p.kept++;
                    emptied = false;
                } else {
                    p.removals.add(r);
                }
            } else {
                emptied = false;
            }
        }
        if (emptied) {
            long files = p.removals.size() - before;
            p.removals.add(new Removal(f.dir(), Reason.EMPTY_DIR, Removal.Kind.EMPTY_FOLDER, 0, 0, 1,
                    files == 0 ? "was empty" : "", null));
        }
    }

    /** A {@code __pycache__} cache in prune mode: the removal it deserves, or null to keep it. */
    private Removal judgeCache(TreeScan.Folder f, Listing.Entry e) {
        if (Orphans.isOrphan(e.name(), Orphans.listed(f.sources()))) {
            return file(e, Reason.ORPHAN, "");
        }
        CacheFile parsed = SourceFromCache.pycacheEntry(e.name()).orElse(null);
        if (parsed == null) {
            return file(e, Reason.WRONG_VERSION, "no cache tag");
        }
        String tag = parsed.tag();
        if (!keep.includes(tag)) {
            return file(e, Reason.WRONG_VERSION, tag);
        }
        Listing.Entry source = f.sources().get(parsed.sourceName());
        if (source.type() == Listing.Type.LINK || e.name().endsWith(".pyo")) {
            return null; // a symlinked source is not stat'ed through; .pyo predates headers pycd checks
        }
        String stale = staleness(e.path(), tag, source);
        return stale == null ? null : file(e, Reason.STALE, stale);
    }

    /** Why the cache no longer matches its source, or null when import would accept it. The header is read once. */
    private String staleness(Path cache, String tag, Listing.Entry source) {
        List<Freshness.Expected> expected = targets.get(tag);
        if (expected == null) {
            // A kept version pycd does not target: its magic is unknown, so the header's own magic stands in.
            CacheTag version = CacheTag.parse(tag).filter(CacheTag::isCPython).orElse(null);
            if (version == null) {
                return null;
            }
            expected = List.of(Freshness.Expected.anyBuildOf(version));
        }
        CacheRead read = CacheRead.of(cache);
        Freshness.Source compared = Freshness.Source.of(source.path(), source.size(), source.mtime());
        String why = null;
        for (Freshness.Expected x : expected) {
            if (!(FRESHNESS.judge(read, x, compared) instanceof CacheState.Stale stale)) {
                return null;
            }
            why = why == null ? stale.reason() : why;
        }
        return why;
    }

    private static Removal file(Listing.Entry e, Reason reason, String detail) {
        return new Removal(e.path(), reason, Removal.Kind.FILE, e.size(), 1, 0, detail, Removal.Stamp.of(e));
    }

    /** A whole folder (debris, erase), sized by a walk that follows nothing. */
    private static Removal tree(Listing.Entry e, Claim claim, FolderPlan p) {
        long[] sums = new long[3];
        try {
            Files.walkFileTree(e.path(), new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    sums[2]++;
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    sums[1]++;
                    if (attrs.isRegularFile()) {
                        sums[0] += attrs.size();
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException ex) {
            p.errors.add(new CleanError(e.path(), IoErrors.describe(ex)));
        }
        return new Removal(e.path(), claim.reason(), Removal.Kind.TREE, sums[0], sums[1], Math.max(1, sums[2]),
                claim.detail(), Removal.Stamp.of(e));
    }

    /** Temp names end in digits: skips the regular expression for the other 99.9% of names. */
    private static boolean maybeTemp(String name) {
        char last = name.charAt(name.length() - 1);
        return last >= '0' && last <= '9';
    }
}
