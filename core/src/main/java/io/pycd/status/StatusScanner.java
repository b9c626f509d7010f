package io.pycd.status;

import io.pycd.cache.CacheFile;
import io.pycd.cache.CacheLayout;
import io.pycd.cache.CacheState;
import io.pycd.cache.Freshness;
import io.pycd.cache.Orphans;
import io.pycd.cache.SourceFromCache;
import io.pycd.fs.Listing;
import io.pycd.interpreter.InUse;
import io.pycd.interpreter.Interpreter;
import io.pycd.settings.CompileSettings;
import io.pycd.state.CompileRecord;
import io.pycd.tree.SourceFile;
import io.pycd.tree.SourceTree;
import io.pycd.tree.SourceWalker;
import io.pycd.venv.Virtualenv;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * {@code pycd status}: the state of every cache, read from headers, nothing written and no Python started. Sources
 * give fresh, stale and missing caches of the target interpreters; {@code __pycache__} folders give orphans (source
 * gone), caches of other versions in use here ({@link InUse}) and wrong-version caches (a tag nothing here runs).
 */
public final class StatusScanner {

    private final CompileSettings settings;
    private final SourceWalker walker;
    private final Supplier<InUse> inUse;

    /**
     * @param inUse the versions in use here, asked for only when a cache of a tag no target has is found (finding
     *              them may ask every interpreter on the machine); the virtualenvs the walk finds are added to it
     */
    public StatusScanner(CompileSettings settings, SourceWalker walker, Supplier<InUse> inUse) {
        this.settings = settings;
        this.walker = walker;
        this.inUse = inUse;
    }

    /** Judged against the targets only: every other tag is wrong-version. */
    public StatusScanner(CompileSettings settings, SourceWalker walker) {
        this(settings, walker, new Supplier<>() { // classes and loops on status's way, not lambdas (see cli's Specs)
            @Override
            public InUse get() {
                return InUse.targets(settings.interpreters(), Optional.empty());
            }
        });
    }

    public StatusReport scan(List<Path> roots) throws IOException {
        Freshness freshness = Freshness.asRequested(settings.mode())
                .recordedIn(settings.memory().record().isPresent()
                        ? CompileRecord.open(settings.memory().record().get()) : CompileRecord.off());
        Queue<StatusEntry> found = new ConcurrentLinkedQueue<>();
        SourceTree tree = walker.walk(roots, new Consumer<SourceFile>() {
            @Override
            public void accept(SourceFile source) {
                Freshness.Source compared = Freshness.Source.of(source);
                for (Interpreter interpreter : settings.interpreters()) {
                    found.addAll(SourceStatus.of(settings, freshness, source.path(), interpreter, compared));
                }
            }
        });
        List<StatusEntry> entries = new ArrayList<>(found);
        if (settings.layout() instanceof CacheLayout.Pycache) {
            Set<String> tags = targetTags(settings);
            for (Path dir : tree.cacheDirs()) {
                strayCaches(dir, tags, entries);
            }
        }
        entries.sort(StatusEntry.ORDER);
        return judgeOtherTags(new StatusReport(settings.interpreters(), List.copyOf(entries), tree.problems(),
                tree.virtualenvs(), 0), inUse);
    }

    /** The cache tags of the target interpreters: a cache of any other tag is of another version. */
    public static Set<String> targetTags(CompileSettings settings) {
        Set<String> tags = new HashSet<>();
        for (Interpreter i : settings.interpreters()) {
            tags.add(i.cacheTag());
        }
        return tags;
    }

    /**
     * {@code report} with each cache of a tag no target has (wrong-version until judged) judged against the versions
     * in use here: other-version when one is, else wrong-version. {@code inUse} is asked for only when there is such a
     * cache (finding them may ask every interpreter on the machine); the report's virtualenvs are added to it.
     */
    public static StatusReport judgeOtherTags(StatusReport report, Supplier<InUse> inUse) {
        boolean otherTags = false;
        for (StatusEntry e : report.entries()) {
            otherTags |= e.state() instanceof CacheState.WrongVersion;
        }
        if (!otherTags) {
            return report;
        }
        InUse here = inUse.get();
        for (Path dir : report.virtualenvs()) {
            Optional<Virtualenv> venv = Virtualenv.at(dir);
            if (venv.isPresent()) {
                here = here.plusVirtualenv(InUse.Reason.VIRTUALENV, venv.get());
            }
        }
        List<StatusEntry> judged = new ArrayList<>(report.entries().size());
        for (StatusEntry e : report.entries()) {
            if (e.state() instanceof CacheState.WrongVersion w) {
                CacheState state = here.use(w.tag()).<CacheState>map(u -> new CacheState.OtherVersion(w.tag(),
                        u.describe())).orElse(w);
                judged.add(new StatusEntry(e.cache(), e.source(), null, state));
            } else {
                judged.add(e);
            }
        }
        return new StatusReport(report.interpreters(), List.copyOf(judged), report.problems(), report.virtualenvs(),
                report.freshUnlisted());
    }

    /**
     * Adds the orphans and the caches of tags no target has (as wrong-version, until {@link #judgeOtherTags}) of the
     * {@code __pycache__} folder {@code dir} to {@code entries}: what status finds in the folders a walk passes (they
     * are only found in {@code __pycache__}, so only with that layout).
     */
    public static void strayCaches(Path dir, Set<String> targetTags, List<StatusEntry> entries) {
        Path folder = dir.getParent();
        Optional<Listing> listing;
        try {
            listing = Listing.read(dir);
        } catch (IOException e) {
            return; // An unreadable __pycache__ holds nothing status can judge; the walk reports unreadable folders.
        }
        Orphans.Folder above = Orphans.stat(folder);
        if (listing.isEmpty()) {
            return; // gone meanwhile
        }
        for (Listing.Entry cache : listing.get().entries()) {
            if (cache.type() != Listing.Type.FILE) {
                continue;
            }
            if (Orphans.isOrphan(cache.name(), above)) {
                entries.add(new StatusEntry(cache.path(), null, null, CacheState.ORPHAN));
            } else {
                Optional<CacheFile> c = SourceFromCache.pycacheEntry(cache.name());
                if (c.isPresent() && !targetTags.contains(c.get().tag())) {
                    entries.add(new StatusEntry(cache.path(), folder.resolve(c.get().sourceName()), null,
                            new CacheState.WrongVersion(c.get().tag())));
                }
            }
        }
    }
}
