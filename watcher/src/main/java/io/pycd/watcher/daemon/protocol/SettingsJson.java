package io.pycd.watcher.daemon.protocol;

import static io.pycd.watcher.daemon.protocol.JsonLine.paths;
import static io.pycd.watcher.daemon.protocol.JsonLine.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pycd.cache.CacheLayout;
import io.pycd.cache.InvalidationMode;
import io.pycd.git.GitEnvironment;
import io.pycd.interpreter.Interpreter;
import io.pycd.interpreter.InterpreterException;
import io.pycd.settings.CodeFileNames;
import io.pycd.settings.CompileMemory;
import io.pycd.settings.CompileSettings;
import io.pycd.settings.WorkerLimits;
import io.pycd.watcher.WatchSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Resolved settings as the codec writes them ({@code settings} of an {@code add}, a {@code compile} or a
 * {@code states}): compile settings and walk rules in every one, watch settings in an {@code add}'s.
 */
final class SettingsJson {

    private SettingsJson() {
    }

    /** The settings of an {@code add}, every one resolved (interpreters as absolute executables). */
    static ObjectNode group(GroupSettings g) {
        ObjectNode n = JsonLine.object();
        compile(n, g.compile(), g.excludes(), g.maxDepth());
        WatchSettings w = g.watch();
        n.put("settle_ms", w.settle().toMillis());
        n.put("respect_gitignore", w.respectGitignore());
        n.put("poll_interval_ms", w.pollInterval().toMillis());
        n.put("max_watches", w.maxWatches());
        n.put("max_dirty", w.maxDirty());
        // The caller's git environment: --respect-gitignore decides as git would in the caller's shell, not in the
        // environment of whichever shell first started the daemon.
        GitEnvironment git = w.git();
        ObjectNode g2 = n.putObject("git");
        g2.put("home", git.home().toString()).put("xdg_config_home", git.xdgConfigHome().toString())
                .put("system_config", git.systemConfig() == null ? null : git.systemConfig().toString())
                .put("global_config", git.globalConfig() == null ? null : git.globalConfig().toString());
        paths(g2.putArray("ceilings"), git.ceilings());
        return n;
    }

    static GroupSettings group(JsonNode n, Codec.InterpreterLookup lookup) throws ProtocolException {
        if (!n.isObject()) {
            throw new ProtocolException("an add request needs its settings");
        }
        TreeSettings tree = tree(n, lookup);
        try {
            WatchSettings watch = new WatchSettings(Duration.ofMillis(n.path("settle_ms").asLong()),
                    n.path("respect_gitignore").asBoolean(), Duration.ofMillis(n.path("poll_interval_ms").asLong()),
                    n.path("max_watches").asInt(-1), n.path("max_dirty").asInt(), git(n.path("git")));
            return new GroupSettings(tree.compile(), tree.excludes(), tree.maxDepth(), watch);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(e.getMessage());
        }
    }

    /** The settings of a {@code compile} or {@code states}: an {@code add}'s without the watch settings. */
    static ObjectNode tree(TreeSettings t) {
        ObjectNode n = JsonLine.object();
        compile(n, t.compile(), t.excludes(), t.maxDepth());
        return n;
    }

    static TreeSettings tree(JsonNode n, Codec.InterpreterLookup lookup) throws ProtocolException {
        if (!n.isObject()) {
            throw new ProtocolException("the request needs its settings");
        }
        List<Interpreter> interpreters = new ArrayList<>();
        for (Path exe : paths(n, "pythons")) {
            try {
                interpreters.add(lookup.resolve(exe));
            } catch (InterpreterException e) {
                throw new ProtocolException(e.getMessage());
            }
        }
        List<Integer> levels = new ArrayList<>();
        n.path("optimize").forEach(l -> levels.add(l.asInt()));
        List<String> excludes = new ArrayList<>();
        n.path("exclude").forEach(e -> excludes.add(e.asText()));
        try {
            CacheLayout layout = switch (n.path("layout").asText("pycache")) {
                case "prefix" -> new CacheLayout.Prefix(Path.of(n.path("pycache_prefix").asText()));
                case "legacy" -> new CacheLayout.Legacy();
                case "pycache" -> new CacheLayout.Pycache();
                default -> throw new ProtocolException("unknown layout " + n.path("layout"));
            };
            CompileSettings compile = new CompileSettings(interpreters, levels,
                    InvalidationMode.parse(n.path("invalidation_mode").asText("timestamp")), layout,
                    new CodeFileNames(text(n, "ddir"), text(n, "strip_dir"), text(n, "prepend_dir")),
                    n.path("hardlink_dupes").asBoolean(),
                    new WorkerLimits(n.path("jobs").asInt(1), Duration.ofMillis(n.path("timeout_ms").asLong()),
                            n.path("memory_limit_bytes").asLong()),
                    n.path("max_size").asLong(CompileSettings.DEFAULT_MAX_SOURCE_BYTES),
                    new CompileMemory(text(n, "store").map(Path::of), n.path("store_max_bytes").asLong(),
                            text(n, "record").map(Path::of)));
            return new TreeSettings(compile, excludes, n.path("max_depth").asInt(-1));
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(e.getMessage());
        }
    }

    private static void compile(ObjectNode n, CompileSettings c, List<String> exclude, int maxDepth) {
        ArrayNode pythons = n.putArray("pythons");
        // loops, not lambdas: a compile that asks a daemon writes this at its start (see cli's Specs)
        for (Interpreter i : c.interpreters()) {
            pythons.add(i.executable().toAbsolutePath().toString());
        }
        ArrayNode levels = n.putArray("optimize");
        for (int level : c.optimizeLevels()) {
            levels.add(level);
        }
        n.put("invalidation_mode", c.mode().cliName());
        if (c.layout() instanceof CacheLayout.Prefix p) {
            n.put("layout", "prefix").put("pycache_prefix", p.prefix().toAbsolutePath().normalize().toString());
        } else {
            n.put("layout", c.layout() instanceof CacheLayout.Legacy ? "legacy" : "pycache").putNull("pycache_prefix");
        }
        n.put("ddir", c.codeFileNames().ddir().orElse(null));
        n.put("strip_dir", c.codeFileNames().stripDir().orElse(null));
        n.put("prepend_dir", c.codeFileNames().prependDir().orElse(null));
        n.put("hardlink_dupes", c.hardlinkDupes());
        n.put("jobs", c.workers().workers());
        n.put("timeout_ms", c.workers().perFileTimeout().toMillis());
        n.put("memory_limit_bytes", c.workers().memoryLimitBytes());
        n.put("max_size", c.maxSourceBytes());
        // The caller's store and record: where its environment puts them, or no store with --no-store.
        n.put("store", c.memory().store().isPresent() ? c.memory().store().get().toString() : null);
        n.put("store_max_bytes", c.memory().storeMaxBytes());
        n.put("record", c.memory().record().isPresent() ? c.memory().record().get().toString() : null);
        ArrayNode excludes = n.putArray("exclude");
        for (String e : exclude) {
            excludes.add(e);
        }
        n.put("max_depth", maxDepth);
    }

    private static GitEnvironment git(JsonNode n) {
        if (!n.isObject()) {
            return GitEnvironment.fromProcess();
        }
        return new GitEnvironment(Path.of(n.path("home").asText("/")), Path.of(n.path("xdg_config_home").asText("/")),
                text(n, "system_config").map(Path::of).orElse(null), text(n, "global_config").map(Path::of).orElse(null),
                paths(n, "ceilings"));
    }
}
