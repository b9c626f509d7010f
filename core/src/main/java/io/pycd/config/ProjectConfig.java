package io.pycd.config;

import io.pycd.cache.InvalidationMode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/**
 * A project's {@code [tool.pycd]} settings, from the nearest {@code pyproject.toml} at or above a path.
 * Command-line flags win over everything here. Relative paths are relative to the file's folder.
 *
 * @param file             the pyproject.toml read, if any
 * @param root             the project's root: the file's folder, else the folder pycd was pointed at
 * @param pythons          interpreters to target
 * @param optimize         optimization levels
 * @param invalidationMode how caches record their source
 * @param exclude          exclude globs
 * @param jobs             workers per interpreter
 * @param pycachePrefix    a PYTHONPYCACHEPREFIX-style tree
 * @param keepVersions     {@code X.Y} versions whose caches clean keeps
 * @param respectGitignore whether watch skips folders git ignores
 * @param requiresPython   {@code [project] requires-python}
 * @param store            whether compile and watch use the bytecode store
 * @param storeMaxSize     the store's size limit in bytes ({@code store-max-size}: bytes, or "500M", "2G")
 */
public record ProjectConfig(Optional<Path> file, Path root, List<String> pythons, List<Integer> optimize,
                            Optional<InvalidationMode> invalidationMode, List<String> exclude, Optional<Integer> jobs,
                            Optional<Path> pycachePrefix, List<String> keepVersions, Optional<Boolean> respectGitignore,
                            Optional<String> requiresPython, Optional<Boolean> store, Optional<Long> storeMaxSize) {

    private static final Set<String> KEYS = Set.of("pythons", "optimize", "invalidation-mode", "exclude", "jobs",
            "pycache-prefix", "keep-versions", "respect-gitignore", "store", "store-max-size");

    /** No file: every setting at its default. */
    public static ProjectConfig none(Path root) {
        return new ProjectConfig(Optional.empty(), root, List.of(), List.of(), Optional.empty(), List.of(),
                Optional.empty(), Optional.empty(), List.of(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    /** The configuration for a tree at {@code start} (a folder or a file in it). */
    public static ProjectConfig find(Path start) throws ConfigException {
        return find(start, ConfigMemo.off());
    }

    /** {@link #find(Path)}, a file read before coming from {@code memo} while its bytes are unchanged. */
    public static ProjectConfig find(Path start, ConfigMemo memo) throws ConfigException {
        Path dir = start.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            dir = dir.getParent();
        }
        Path origin = dir;
        for (; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("pyproject.toml");
            if (Files.isRegularFile(candidate)) {
                return memo.load(candidate);
            }
        }
        return none(origin);
    }

    /** Reads one pyproject.toml. */
    public static ProjectConfig load(Path file) throws ConfigException {
        return ConfigMemo.off().load(file);
    }

    /** The configuration {@code file}'s {@code bytes} hold. */
    static ProjectConfig parse(Path file, byte[] bytes) throws ConfigException {
        TomlParseResult toml;
        try {
            toml = Toml.parse(StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            throw new ConfigException(file + ": cannot read: not UTF-8 text (" + e.getMessage() + ")");
        }
        if (toml.hasErrors()) {
            TomlParseError first = toml.errors().get(0);
            throw new ConfigException(at(file, first.position()) + ": invalid TOML: " + first.getMessage());
        }
        Path root = file.toAbsolutePath().getParent();
        Optional<String> requires = Optional.empty();
        Object req = toml.get(List.of("project", "requires-python"));
        if (req instanceof String s) {
            requires = Optional.of(s);
        }
        Object section = toml.get(List.of("tool", "pycd"));
        if (section == null) {
            return new ProjectConfig(Optional.of(file), root, List.of(), List.of(), Optional.empty(), List.of(),
                    Optional.empty(), Optional.empty(), List.of(), Optional.empty(), requires, Optional.empty(),
                    Optional.empty());
        }
        if (!(section instanceof TomlTable table)) {
            throw new ConfigException(file + ": tool.pycd must be a table");
        }
        Reader r = new Reader(file, table);
        for (String key : table.keySet()) {
            if (!KEYS.contains(key)) {
                throw new ConfigException(r.where(key) + ": unknown key tool.pycd." + key
                        + " (known: " + String.join(", ", new java.util.TreeSet<>(KEYS)) + ")");
            }
        }
        List<Integer> optimize = new ArrayList<>();
        Object opt = table.get(List.of("optimize"));
        if (opt instanceof Long l) {
            optimize.add(r.level(l, "optimize"));
        } else if (opt != null) {
            for (Object o : r.array("optimize").toList()) {
                if (!(o instanceof Long l)) {
                    throw new ConfigException(r.where("optimize") + ": optimize must be 0, 1, 2 or a list of them");
                }
                optimize.add(r.level(l, "optimize"));
            }
        }
        Optional<InvalidationMode> mode = Optional.empty();
        String modeText = r.string("invalidation-mode");
        if (modeText != null) {
            try {
                mode = Optional.of(InvalidationMode.parse(modeText));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(r.where("invalidation-mode") + ": " + e.getMessage());
            }
        }
        Optional<Integer> jobs = Optional.empty();
        Object j = table.get(List.of("jobs"));
        if (j != null) {
            if (!(j instanceof Long l) || l < 1 || l > 1024) {
                throw new ConfigException(r.where("jobs") + ": jobs must be a whole number from 1 to 1024");
            }
            jobs = Optional.of(l.intValue());
        }
        String prefix = r.string("pycache-prefix");
        Object store = table.get(List.of("store"));
        if (store != null && !(store instanceof Boolean)) {
            throw new ConfigException(r.where("store") + ": store must be true or false");
        }
        Optional<Long> storeMax = Optional.empty();
        Object max = table.get(List.of("store-max-size"));
        if (max instanceof Long l && l >= 0) {
            storeMax = Optional.of(l);
        } else if (max instanceof String text) {
            try {
                storeMax = Optional.of(ByteSize.parse(text));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(r.where("store-max-size") + ": store-max-size: " + e.getMessage());
            }
        } else if (max != null) {
            throw new ConfigException(r.where("store-max-size")
                    + ": store-max-size must be a size: bytes, or a string such as \"500M\" or \"2G\"");
        }
        Object rg = table.get(List.of("respect-gitignore"));
        if (rg != null && !(rg instanceof Boolean)) {
            throw new ConfigException(r.where("respect-gitignore") + ": respect-gitignore must be true or false");
        }
        List<String> pythons = new ArrayList<>();
        for (String p : r.strings("pythons")) {
            pythons.add(p.contains("/") ? root.resolve(p).toString() : p);
        }
        return new ProjectConfig(Optional.of(file), root, List.copyOf(pythons), List.copyOf(optimize), mode,
                r.strings("exclude"), jobs, Optional.ofNullable(prefix).map(root::resolve), r.strings("keep-versions"),
                Optional.ofNullable((Boolean) rg), requires, Optional.ofNullable((Boolean) store), storeMax);
    }

    private static String at(Path file, TomlPosition pos) {
        return pos == null ? file.toString() : file + ":" + pos.line() + ":" + pos.column();
    }

    /** Typed access to the keys of [tool.pycd], with errors that say where. */
    private record Reader(Path file, TomlTable table) {
        String where(String key) {
            return at(file, table.inputPositionOf(List.of(key)));
        }

        TomlArray array(String key) throws ConfigException {
            Object v = table.get(List.of(key));
            if (!(v instanceof TomlArray a)) {
                throw new ConfigException(where(key) + ": " + key + " must be a list");
            }
            return a;
        }

        List<String> strings(String key) throws ConfigException {
            if (table.get(List.of(key)) == null) {
                return List.of();
            }
            List<String> out = new ArrayList<>();
            for (Object o : array(key).toList()) {
                if (!(o instanceof String s)) {
                    throw new ConfigException(where(key) + ": " + key + " must be a list of strings");
                }
                out.add(s);
            }
            return List.copyOf(out);
        }

        String string(String key) throws ConfigException {
            Object v = table.get(List.of(key));
            if (v != null && !(v instanceof String)) {
                throw new ConfigException(where(key) + ": " + key + " must be a string");
            }
            return (String) v;
        }

        int level(long l, String key) throws ConfigException {
            if (l < 0 || l > 2) {
                throw new ConfigException(where(key) + ": optimization levels are 0, 1 and 2");
            }
            return (int) l;
        }
    }
}
