package io.pycd.compile;

import io.pycd.interpreter.Interpreter;
import io.pycd.settings.CodeFileNames;
import io.pycd.settings.CompileSettings;
import io.pycd.state.StateFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Remembers which sources failed to compile, keyed by everything that decides the outcome: the source's identity
 * and change stamps (inode, ctime, mtime, size), the interpreter's version and tag, the levels and the recorded file
 * name. A source that failed and has not changed fails the same way again, so a run with nothing else to do reports
 * it from here instead of starting Python. Only compile() errors are remembered, never I/O or worker trouble.
 */
public final class FailureMemo {

    private final StateFile file;
    private final Map<String, CompileResult.Failed> entries = new HashMap<>();
    private final java.util.Set<Path> sources = new java.util.HashSet<>();
    /** The records as read: a run that fails the same way again leaves the file as it is. */
    private List<String[]> loaded = List.of();

    private FailureMemo(StateFile file) {
        this.file = file;
    }

    /** An empty memo that is never saved. */
    public static FailureMemo disabled() {
        return new FailureMemo(null);
    }

    /** The memo for a run over {@code roots}, kept in {@code folder} (one file per set of roots). */
    public static FailureMemo load(Path folder, List<Path> roots, Map<Path, Interpreter> byExecutable) {
        StringBuilder id = new StringBuilder();
        for (Path r : roots) {
            id.append(r.toAbsolutePath().normalize()).append('\u0000');
        }
        FailureMemo memo = new FailureMemo(
                new StateFile(folder.resolve(StateFile.nameFor(id.toString()) + ".tsv"), "pycd-failures 2"));
        memo.loaded = memo.file.read(7);
        for (String[] p : memo.loaded) {
            Interpreter interpreter = byExecutable.get(Path.of(p[2]));
            try {
                if (interpreter != null) {
                    memo.entries.put(p[0], new CompileResult.Failed(Path.of(p[1]), interpreter,
                            new CompileError.Raised(p[3]), p[4],
                            Integer.parseInt(p[5]), Integer.parseInt(p[6])));
                    memo.sources.add(Path.of(p[1]));
                }
            } catch (RuntimeException e) {
                // A damaged record only costs a compile.
            }
        }
        return memo;
    }

    /** The remembered failure of {@code source} for {@code interpreter}, if neither has changed since. */
    public CompileResult.Failed recall(Path source, Interpreter interpreter, CompileSettings settings) {
        if (file == null || !sources.contains(source)) {
            return null; // most sources never failed: no need to stat them for a key
        }
        String key = key(source, interpreter, settings);
        return key == null ? null : entries.get(key);
    }

    /** Replaces the memo's content with this run's compile failures. */
    public void save(List<CompileResult.Failed> failures, CompileSettings settings) {
        if (file == null) {
            return;
        }
        List<String[]> records = new ArrayList<>();
        for (CompileResult.Failed f : failures) {
            // Only compile()'s own verdicts: pycd's failures (I/O, workers) may not happen again.
            String key = f.error() instanceof CompileError.Raised ? key(f.source(), f.interpreter(), settings) : null;
            if (key != null) {
                records.add(new String[] {key, f.source().toString(), f.interpreter().executable().toString(),
                        f.error().label(), f.message(), Integer.toString(f.line()), Integer.toString(f.column())});
            }
        }
        if (sameRecords(records, loaded)) {
            return; // nothing to rewrite (a temp file and a rename, and SecureRandom's start-up for its name)
        }
        if (!records.isEmpty() || Files.exists(file.path())) {
            file.write(records);
        }
    }

    private static String given(Optional<String> option) {
        return option.isPresent() ? "=" + option.get() : "";
    }

    private static boolean sameRecords(List<String[]> a, List<String[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static long nanos(Object fileTime) {
        return ((FileTime) fileTime).to(TimeUnit.NANOSECONDS);
    }

    private static String key(Path source, Interpreter interpreter, CompileSettings settings) {
        try {
            Map<String, Object> a = Files.readAttributes(source, "unix:ino,ctime,lastModifiedTime,size");
            // Field by field: a record's own toString is built from method handles on its first call, which costs
            // a run with nothing else to do more than its header checks.
            CodeFileNames names = settings.codeFileNames();
            // Times as nanoseconds: FileTime's own text goes through java.time's date arithmetic and formatting.
            return (source.toAbsolutePath() + "|" + a.get("ino") + "|" + nanos(a.get("ctime")) + "|"
                    + nanos(a.get("lastModifiedTime")) + "|" + a.get("size") + "|" + interpreter.version() + "|"
                    + interpreter.cacheTag() + "|" + interpreter.magic() + "|" + settings.optimizeLevels()
                    + "|" + given(names.ddir()) + "|" + given(names.stripDir()) + "|" + given(names.prependDir()));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
