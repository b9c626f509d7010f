package io.pycd.cleaner;

import io.pycd.fs.IoErrors;
import io.pycd.cache.CacheFile;
import io.pycd.cache.CacheNames;
import io.pycd.cache.CacheState;
import io.pycd.cache.CacheTag;
import io.pycd.cache.CacheValidator;
import io.pycd.cache.InvalidationMode;
import io.pycd.cache.PycHeader;
import io.pycd.cache.SipHash;
import io.pycd.cleaner.debris.DebrisTopic;
import io.pycd.cleaner.keep.KeepSet;
import io.pycd.interpreter.Interpreter;
import io.pycd.tree.Glob;
import io.pycd.tree.SourceNames;
import io.pycd.tree.SourceWalker;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code pycd clean} as a library: {@link #plan} walks once and decides every removal without touching anything;
 * {@link #execute} removes what a plan lists (re-checking each path first) and returns what went. A dry run is the
 * plan itself ({@link CleanPlan#asDryRun()}), so it lists exactly what a real run removes.
 */
public final class Cleaner {

    private final CleanOptions options;

    public Cleaner(CleanOptions options) {
        this.options = options;
    }

    /**
     * Decides what to remove under {@code roots} (folders). Changes nothing.
     *
     * @throws NoSuchFileException      when a root does not exist
     * @throws IllegalArgumentException when a root is not a folder
     */
    public CleanPlan plan(List<Path> roots) throws IOException {
        TreeScan scan = new TreeScan(options);
        for (Path root : distinctRoots(roots, scan)) {
            scan.scanRoot(root);
        }
        if (options.mode() == CleanMode.PRUNE && options.projectRoot().isPresent()) {
            scan.peekProjectRoot(options.projectRoot().get());
        }
        KeepSet keep = options.mode() == CleanMode.PRUNE ? keepSet(scan) : new KeepSet(Map.of(), Map.of());
        Judge judge = new Judge(keep);
        List<TreeScan.Folder> folders = scan.folders;
        List<FolderPlan> plans = (folders.size() > 64 ? folders.parallelStream() : folders.stream())
                .map(judge::plan).toList();
        List<Removal> removals = new ArrayList<>();
        List<Path> sourceless = new ArrayList<>();
        List<CleanError> errors = new ArrayList<>(scan.errors);
        long kept = 0;
        for (FolderPlan p : plans) {
            removals.addAll(p.removals);
            sourceless.addAll(p.sourceless);
            errors.addAll(p.errors);
            kept += p.kept;
        }
        return new CleanPlan(removals, sourceless, scan.skipped, errors, kept, keep);
    }

    /** Removes what {@code plan} lists, on {@link CleanOptions#threads()} threads; reports in plan order. */
    public CleanResult execute(CleanPlan plan) {
        return new Remover(options.threads()).execute(plan);
    }

    /** Plans and executes, or only plans when {@code dryRun}. */
    public CleanResult run(List<Path> roots, boolean dryRun) throws IOException {
        CleanPlan plan = plan(roots);
        return dryRun ? plan.asDryRun() : execute(plan);
    }

    /** Roots that exist, as given, without a root that lies inside another (it would be planned twice). */
    private static List<Path> distinctRoots(List<Path> roots, TreeScan scan) throws IOException {
        List<Path> out = new ArrayList<>();
        List<Path> absolute = new ArrayList<>();
        for (Path root : roots) {
            if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
                throw new NoSuchFileException(root.toString(), null, "no such file or folder");
            }
            if (Files.isSymbolicLink(root)) {
                scan.skipped.add(new Skipped(root, TreeScan.linkReason(root) + " (give the real path)"));
                continue;
            }
            if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
                throw new IllegalArgumentException(root + ": not a folder (clean takes folders)");
            }
            Path abs = root.toAbsolutePath().normalize();
            if (absolute.stream().anyMatch(abs::startsWith)) {
                continue;
            }
            for (int i = absolute.size() - 1; i >= 0; i--) {
                if (absolute.get(i).startsWith(abs)) {
                    absolute.remove(i);
                    out.remove(i);
                }
            }
            absolute.add(abs);
            out.add(root);
        }
        return out;
    }

    private KeepSet keepSet(TreeScan scan) {
        KeepSet.Builder b = new KeepSet.Builder(options.requiresPython());
        for (Interpreter i : options.targets()) {
            b.explicit(i.cacheTag(), "target " + i.executable() + " (" + i.version() + ")");
        }
        for (String v : options.keepVersions()) {
            b.explicit(CacheTag.ofKeepVersion(v).toString(), "keep-version " + v);
        }
        for (TreeScan.Venv v : scan.venvs) {
            b.inferred(v.cfg().tag().toString(), v.cfg().version(), "virtualenv " + v.dir());
        }
        return b.build();
    }

    /** Files beside which build/, dist/ and sdist/ are build output. */
    static boolean besideProject(Map<String, TreeScan.Entry> names) {
        for (String f : DebrisTopic.PROJECT_FILES) {
            TreeScan.Entry e = names.get(f);
            if (e != null && e.type() == TreeScan.Type.FILE) {
                return true;
            }
        }
        return false;
    }

    /** A debris or erase claim on a folder entry: its reason and detail, or null. */
    static String[] claim(CleanOptions options, TreeScan.Entry e, String relative, boolean besideProject) {
        if (e.type() != TreeScan.Type.FILE && e.type() != TreeScan.Type.DIR) {
            return null;
        }
        if (!options.debris().isEmpty()) {
            DebrisTopic t = DebrisTopic.match(options.debris(), e.name(), e.type() == TreeScan.Type.DIR, besideProject);
            if (t != null) {
                return new String[] {Reason.DEBRIS.name(), t.topicName()};
            }
        }
        for (Glob g : options.erase()) {
            if (g.matches(relative, e.name())) {
                return new String[] {Reason.ERASE.name(), g.toString()};
            }
        }
        return null;
    }

    private static final class FolderPlan {
        final List<Removal> removals = new ArrayList<>();
        final List<Path> sourceless = new ArrayList<>();
        final List<CleanError> errors = new ArrayList<>();
        long kept;
    }

    /** Judges each entry of a listed folder. Stateless apart from the keep set: folders are judged in parallel. */
    private final class Judge {
        private final KeepSet keep;
        private final Map<String, List<Interpreter>> targets = new LinkedHashMap<>();

        Judge(KeepSet keep) {
            this.keep = keep;
            for (Interpreter i : options.targets()) {
                targets.computeIfAbsent(i.cacheTag(), t -> new ArrayList<>()).add(i);
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

        private boolean excluded(TreeScan.Folder f, TreeScan.Entry e) {
            return !options.rules().excludes().isEmpty()
                    && options.rules().isExcluded(relative(f, e), e.name());
        }

        private String relative(TreeScan.Folder f, TreeScan.Entry e) {
            return f.relative().isEmpty() ? e.name() : f.relative() + "/" + e.name();
        }

        private void planFolder(TreeScan.Folder f, FolderPlan p) {
            boolean besideProject = besideProject(f.sources());
            boolean all = options.mode() == CleanMode.ALL;
            for (TreeScan.Entry e : f.entries()) {
                if (e.type() != TreeScan.Type.FILE && e.type() != TreeScan.Type.DIR
                        || e.name().indexOf('\uFFFD') >= 0 || CacheNames.isPycacheDir(e.name())
                        || e.type() == TreeScan.Type.DIR && SourceNames.isVcsFolder(e.name())) {
                    continue;
                }
                if (excluded(f, e)) {
                    continue;
                }
                String[] claim = claim(options, e, relative(f, e), besideProject);
                if (claim != null) {
                    Reason reason = Reason.valueOf(claim[0]);
                    if (e.type() == TreeScan.Type.DIR) {
                        p.removals.add(tree(e, reason, claim[1], p));
                    } else {
                        p.removals.add(file(e, reason, claim[1]));
                    }
                    continue;
                }
                if (e.type() != TreeScan.Type.FILE) {
                    continue;
                }
                String name = e.name();
                if (maybeTemp(name) && CacheNames.isTempFile(name)) {
                    p.removals.add(file(e, all ? Reason.ALL : Reason.TEMP, all ? "temp" : ""));
                } else if (CacheNames.isCompiled(name)) {
                    besideSource(f, e, CacheNames.legacySourceName(name), all, p);
                } else if (all && CacheNames.isJythonClass(name)) {
                    besideSource(f, e, name.substring(0, name.length() - "$py.class".length()) + ".py", true, p);
                }
            }
        }

        /** {@code x.pyc}, {@code x.pyo}, {@code x$py.class} outside __pycache__: legacy if x.py exists, else the module. */
        private void besideSource(TreeScan.Folder f, TreeScan.Entry e, String sourceName, boolean all, FolderPlan p) {
            if (sourceExists(f, sourceName)) {
                p.removals.add(file(e, all ? Reason.ALL : Reason.LEGACY, all ? "legacy" : ""));
            } else if (options.sourceless()) {
                p.removals.add(file(e, all ? Reason.ALL : Reason.ORPHAN, "sourceless"));
            } else {
                p.sourceless.add(e.path());
            }
        }

        private boolean sourceExists(TreeScan.Folder f, String sourceName) {
            TreeScan.Entry s = f.sources().get(sourceName);
            return s != null && (s.type() == TreeScan.Type.FILE || s.type() == TreeScan.Type.LINK);
        }

        private void planPycache(TreeScan.Folder f, FolderPlan p) {
            boolean emptied = f.complete();
            boolean all = options.mode() == CleanMode.ALL;
            int before = p.removals.size();
            for (TreeScan.Entry e : f.entries()) {
                if (e.type() != TreeScan.Type.FILE || e.name().indexOf('\uFFFD') >= 0 || excluded(f, e)) {
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

        /** A {@code __pycache__} entry in prune mode: the removal it deserves, or null to keep it. */
        private Removal judgeCache(TreeScan.Folder f, TreeScan.Entry e) {
            String name = e.name();
            boolean pyo = name.endsWith(".pyo");
            CacheFile parsed = CacheFile.parse(pyo ? name.substring(0, name.length() - 1) + "c" : name).orElse(null);
            String sourceName = parsed != null ? parsed.sourceName() : name.substring(0, name.length() - 4) + ".py";
            TreeScan.Entry source = f.sources().get(sourceName);
            if (source == null || source.type() != TreeScan.Type.FILE && source.type() != TreeScan.Type.LINK) {
                return file(e, Reason.ORPHAN, "");
            }
            if (parsed == null) {
                return file(e, Reason.WRONG_VERSION, "no cache tag");
            }
            String tag = parsed.tag();
            if (!keep.keeps(tag)) {
                return file(e, Reason.WRONG_VERSION, tag);
            }
            if (source.type() == TreeScan.Type.LINK || pyo) {
                return null; // a symlinked source is not stat'ed through; .pyo predates headers pycd checks
            }
            String stale = staleness(e.path(), tag, source);
            return stale == null ? null : file(e, Reason.STALE, stale);
        }

        /** Why the cache no longer matches its source, or null when import would accept it. */
        private String staleness(Path cache, String tag, TreeScan.Entry source) {
            long mtime = SourceWalker.mtimeSeconds(source.mtime());
            CacheValidator.SourceBytes bytes = memoized(source.path());
            List<Interpreter> interpreters = targets.get(tag);
            if (interpreters != null) {
                String why = null;
                for (Interpreter i : interpreters) {
                    CacheState s = check(cache, i.magic(), i.sipHash(), mtime, source.size(), bytes);
                    if (!(s instanceof CacheState.Stale stale)) {
                        return null;
                    }
                    why = why == null ? stale.reason() : why;
                }
                return why;
            }
            // A kept version pycd does not target: its magic is unknown, so the header's own magic stands in.
            Optional<CacheTag> version = CacheTag.parse(tag).filter(CacheTag::isCPython);
            if (version.isEmpty()) {
                return null;
            }
            PycHeader header = readHeader(cache);
            if (header == null) {
                return "header truncated";
            }
            CacheState s = check(cache, header.magic(), SipHash.forVersion(version.get().major(), version.get().minor()), mtime,
                    source.size(), bytes);
            return s instanceof CacheState.Stale stale ? stale.reason() : null;
        }

        /**
         * Checks as import would, in the mode the cache was written in: clean never removes a good hash-based cache
         * because compile was asked for timestamps. Most caches are timestamp pycs, read once.
         */
        private CacheState check(Path cache, int magic, SipHash sipHash, long mtime, long size,
                                 CacheValidator.SourceBytes bytes) {
            CacheState s = CacheValidator.check(cache, magic, sipHash, InvalidationMode.TIMESTAMP, mtime, size, bytes);
            if (s instanceof CacheState.Stale) {
                PycHeader header = readHeader(cache);
                InvalidationMode written = header == null ? null : header.mode();
                if (written != null && written.hashBased()) {
                    return CacheValidator.check(cache, magic, sipHash, written, mtime, size, bytes);
                }
            }
            return s;
        }

        private Removal file(TreeScan.Entry e, Reason reason, String detail) {
            return new Removal(e.path(), reason, Removal.Kind.FILE, e.size(), 1, 0, detail, e.stamp());
        }

        /** A whole folder (debris, erase), sized by a walk that follows nothing. */
        private Removal tree(TreeScan.Entry e, Reason reason, String detail, FolderPlan p) {
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
            return new Removal(e.path(), reason, Removal.Kind.TREE, sums[0], sums[1], Math.max(1, sums[2]), detail,
                    e.stamp());
        }
    }

    /** Temp names end in digits: skips the regular expression for the other 99.9% of names. */
    private static boolean maybeTemp(String name) {
        char last = name.charAt(name.length() - 1);
        return last >= '0' && last <= '9';
    }

    private static PycHeader readHeader(Path cache) {
        byte[] head = new byte[PycHeader.LENGTH];
        try (InputStream in = Files.newInputStream(cache, LinkOption.NOFOLLOW_LINKS)) {
            return PycHeader.parse(head, in.readNBytes(head, 0, head.length)).orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    /** Reads a source at most once, only if a hash-based header needs it. */
    private static CacheValidator.SourceBytes memoized(Path source) {
        byte[][] held = new byte[1][];
        return () -> {
            if (held[0] == null) {
                held[0] = Files.readAllBytes(source);
            }
            return held[0];
        };
    }
}
