package io.pycd.testing;

import io.pycd.compile.CompileError;
import io.pycd.compile.CompileReport;
import io.pycd.compile.CompileResult;
import io.pycd.interpreter.Interpreter;
import io.pycd.settings.CompileSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@link CacheOracle} over a compile report: CPython's import accepts each cache without recompiling, the code
 * equals what compile() gives, the header validates; every failure pycd reported is one compile() also rejects.
 * One process per level.
 */
public final class CacheCheck {

    private CacheCheck() {
    }

    /**
     * @param dfiles      the co_filename expected for each source, or null to skip that check
     * @param prefix      the pycache prefix, or null
     * @return how many caches were checked
     */
    public static int verify(Interpreter interpreter, CompileSettings settings, CompileReport report, Path work,
                             Function<Path, String> dfiles, Path prefix) {
        int checked = 0;
        for (int level : settings.optimizeLevels()) {
            List<CacheOracle.Entry> entries = new ArrayList<>();
            for (CompileResult.Written w : report.written()) {
                if (w.interpreter().cacheTag().equals(interpreter.cacheTag())) {
                    entries.add(new CacheOracle.Entry(w.source(), w.caches().get(settings.optimizeLevels().indexOf(level)),
                            dfiles == null ? null : dfiles.apply(w.source())));
                }
            }
            List<Path> failed = new ArrayList<>();
            for (CompileResult.Failed f : report.failed()) {
                if (f.interpreter().cacheTag().equals(interpreter.cacheTag()) && f.error() instanceof CompileError.Raised) {
                    failed.add(f.source());
                }
            }
            checked += CacheOracle.check(interpreter.executable(), level, settings.mode().cliName(), prefix, entries,
                    failed, work).assertRight();
        }
        return checked;
    }

    /** mtime (ns) and inode of every file, to prove nothing was rewritten. */
    public static Map<Path, String> stamps(List<Path> files) {
        Map<Path, String> out = new java.util.TreeMap<>();
        for (Path f : files) {
            try {
                out.put(f, Files.getAttribute(f, "unix:ino") + "/" + Files.getAttribute(f, "unix:ctime") + "/"
                        + Files.getLastModifiedTime(f).toInstant());
            } catch (IOException e) {
                out.put(f, "missing");
            }
        }
        return out;
    }
}
