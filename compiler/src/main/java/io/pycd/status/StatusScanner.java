package io.pycd.status;

import io.pycd.cache.CacheFile;
import io.pycd.cache.CacheLayout;
import io.pycd.cache.CacheState;
import io.pycd.cache.CacheValidator;
import io.pycd.compile.CacheCompiler;
import io.pycd.settings.CompileSettings;
import io.pycd.interpreter.Interpreter;
import io.pycd.tree.SourceFile;
import io.pycd.tree.SourceTree;
import io.pycd.tree.SourceWalker;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.Set;

/**
 * {@code pycd status}: the state of every cache, read from headers, nothing written. Sources give fresh, stale and
 * missing caches of the target interpreters; {@code __pycache__} folders give orphans (source gone) and
 * wrong-version caches (a tag of no target interpreter).
 */
public final class StatusScanner {

    private final CompileSettings settings;
    private final SourceWalker walker;

    public StatusScanner(CompileSettings settings, SourceWalker walker) {
        this.settings = settings;
        this.walker = walker;
    }

    public StatusReport scan(List<Path> roots) throws IOException {
        Queue<StatusEntry> found = new ConcurrentLinkedQueue<>();
        SourceTree tree;
        try (CacheCompiler compiler = new CacheCompiler(settings)) {
            tree = walker.walk(roots, source -> found.addAll(sourceEntries(compiler, source)));
        }
        List<StatusEntry> entries = new ArrayList<>(found);
        if (settings.layout() instanceof CacheLayout.Pycache) {
            Set<String> tags = new HashSet<>();
            settings.interpreters().forEach(i -> tags.add(i.cacheTag()));
            for (Path dir : tree.cacheDirs()) {
                strayCaches(dir, tags, entries);
            }
        }
        entries.sort(Comparator.comparing(e -> e.cache().toString()));
        return new StatusReport(settings.interpreters(), List.copyOf(entries), tree.problems());
    }

    private List<StatusEntry> sourceEntries(CacheCompiler compiler, SourceFile source) {
        List<StatusEntry> out = new ArrayList<>();
        CacheValidator.SourceBytes bytes = CacheCompiler.memoized(source.path());
        for (Interpreter interpreter : settings.interpreters()) {
            List<CacheState> states = compiler.states(source, interpreter, bytes);
            for (int i = 0; i < states.size(); i++) {
                Path cache = compiler.cacheOf(source.path(), interpreter, settings.optimizeLevels().get(i));
                out.add(new StatusEntry(cache, source.path(), interpreter, states.get(i)));
            }
        }
        return out;
    }

    private static void strayCaches(Path dir, Set<String> targetTags, List<StatusEntry> entries) {
        Path folder = dir.getParent();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path cache : files) {
                if (!Files.isRegularFile(cache, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                CacheFile parsed = CacheFile.parse(cache.getFileName().toString()).orElse(null);
                if (parsed == null) {
                    continue;
                }
                Path source = folder.resolve(parsed.sourceName());
                if (!Files.exists(source)) {
                    entries.add(new StatusEntry(cache, null, null, CacheState.ORPHAN));
                } else if (!targetTags.contains(parsed.tag())) {
                    entries.add(new StatusEntry(cache, source, null, new CacheState.WrongVersion(parsed.tag())));
                }
            }
        } catch (IOException e) {
            // An unreadable __pycache__ holds nothing status can judge; the walk reports unreadable folders.
        }
    }
}
