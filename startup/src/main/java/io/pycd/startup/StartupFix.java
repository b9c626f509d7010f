package io.pycd.startup;

import io.pycd.cache.CacheLayout;
import io.pycd.compile.CompileListener;
import io.pycd.compile.CompileReport;
import io.pycd.compile.TreeCompiler;
import io.pycd.environment.Environment;
import io.pycd.interpreter.Interpreter;
import io.pycd.settings.CompileSettings;
import io.pycd.settings.Request;
import io.pycd.settings.Resolved;
import io.pycd.settings.SettingsException;
import io.pycd.settings.SettingsResolver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code pycd startup --fix}: compiles every module that was compiled at run time, for the interpreter that compiled
 * it, in the layout it reads (its {@code sys.pycache_prefix}, else {@code __pycache__}) and at its optimization level,
 * with pycd's compile engine. Nothing is left out: a source whose cache cannot be written (a read-only folder) comes
 * back as a failure of the compile, for the caller to report.
 */
public final class StartupFix {

    private final Environment environment;

    /** @param environment what the compile settings are resolved against (pycd's own) */
    public StartupFix(Environment environment) {
        this.environment = environment;
    }

    public FixReport fix(StartupProfile profile) {
        Map<PythonProcess.Target, Set<Path>> sources = new LinkedHashMap<>();
        Map<PythonProcess.Target, String> tags = new LinkedHashMap<>();
        for (CompiledModule m : profile.compiled()) {
            // A module that is gone since (a temporary file, a module written at run time) has nothing to compile.
            if (Files.isRegularFile(m.source())) {
                sources.computeIfAbsent(m.process().target(), t -> new LinkedHashSet<>()).add(m.source());
                tags.put(m.process().target(), m.process().cacheTag());
            }
        }
        List<FixReport.TargetCompile> compiles = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        sources.forEach((target, paths) -> {
            List<Path> roots = List.copyOf(paths);
            try {
                Resolved resolved = SettingsResolver.resolve(
                        Request.compileFor(target.executable(), target.pycachePrefix(), target.optimize(), roots), environment);
                CompileSettings settings = asRead(resolved.compile(), target);
                Interpreter interpreter = settings.interpreters().get(0);
                if (!interpreter.cacheTag().equals(tags.get(target))) {
                    problems.add(target.executable() + " is " + interpreter.cacheTag() + " now, and was "
                            + tags.get(target) + " when the command ran: not compiled");
                    return;
                }
                CompileReport report = new TreeCompiler(settings, resolved.walk().walker(), false)
                        .compile(roots, CompileListener.NONE);
                compiles.add(new FixReport.TargetCompile(target, roots, report));
            } catch (SettingsException | IOException e) {
                problems.add(target.executable() + ": " + e.getMessage());
            }
        });
        return new FixReport(compiles, problems);
    }

    /**
     * {@code settings} in the layout the process reads: a {@code [tool.pycd] pycache-prefix} above the sources must
     * not send the caches where that interpreter never looks, when it ran without a prefix.
     */
    private static CompileSettings asRead(CompileSettings settings, PythonProcess.Target target) {
        CacheLayout read = target.pycachePrefix().<CacheLayout>map(CacheLayout.Prefix::new)
                .orElseGet(CacheLayout.Pycache::new);
        if (settings.layout().equals(read)) {
            return settings;
        }
        return new CompileSettings(settings.interpreters(), settings.optimizeLevels(), settings.mode(), read,
                settings.codeFileNames(), false, settings.workers(), settings.maxSourceBytes(), settings.memory());
    }
}
