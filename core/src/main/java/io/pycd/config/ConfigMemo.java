package io.pycd.config;

import io.pycd.cache.InvalidationMode;
import io.pycd.environment.Environment;
import io.pycd.state.StateFile;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * The configurations pycd read before, by file: a project's {@code pyproject.toml} is parsed again only when its bytes
 * change. Parsing TOML takes ~45-70 ms at a command's start (the parser's first run in a fresh JVM), in every project
 * that has the file, where reading this memo takes well under one. Kept per user in
 * {@code $XDG_CACHE_HOME/pycd/projects.tsv}: one line per file (its absolute path, size and CRC-32, then what
 * {@link ProjectConfig#load} made of it), the {@value #KEPT} most recently read. Only a file that loaded without an
 * error is remembered, so every error is told, with where, at every run. It is only a cache: a missing or damaged memo
 * means "parse the file".
 */
public final class ConfigMemo {

    static final String FORMAT = "pycd-projects 2";
    /** How many files the memo keeps (the most recently read first). */
    static final int KEPT = 64;
    private static final int FIELDS = 14;

    private final StateFile file;

    private ConfigMemo(StateFile file) {
        this.file = file;
    }

    /** The memo kept in {@code memoFile}. */
    public static ConfigMemo at(Path memoFile) {
        return new ConfigMemo(new StateFile(memoFile, FORMAT));
    }

    /** The user's memo: {@code projects.tsv} in pycd's cache folder. */
    public static ConfigMemo forUser(Environment environment) {
        return at(environment.cacheFolder().resolve("projects.tsv"));
    }

    /** No memo: every file is parsed. */
    public static ConfigMemo off() {
        return new ConfigMemo(null);
    }

    /** {@link ProjectConfig#load} of {@code pyproject}, from the memo when its bytes are those remembered. */
    ProjectConfig load(Path pyproject) throws ConfigException {
        byte[] bytes;
        try (FileInputStream in = new FileInputStream(pyproject.toString())) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new ConfigException(pyproject + ": cannot read: " + e.getMessage());
        }
        if (file == null) {
            return ProjectConfig.parse(pyproject, bytes);
        }
        String path = pyproject.toAbsolutePath().normalize().toString();
        String size = Integer.toString(bytes.length);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        String sum = Long.toHexString(crc.getValue());
        List<String[]> records = file.read(FIELDS);
        for (String[] r : records) {
            if (r[0].equals(path) && r[1].equals(size) && r[2].equals(sum)) {
                ProjectConfig remembered = decode(pyproject, r);
                if (remembered != null) {
                    return remembered;
                }
            }
        }
        ProjectConfig parsed = ProjectConfig.parse(pyproject, bytes);
        List<String[]> kept = new ArrayList<>();
        kept.add(encode(path, size, sum, parsed));
        for (String[] r : records) {
            if (!r[0].equals(path) && kept.size() < KEPT) {
                kept.add(r);
            }
        }
        file.write(kept);
        return parsed;
    }

    private static String[] encode(String path, String size, String sum, ProjectConfig c) {
        List<String> optimize = new ArrayList<>();
        for (int level : c.optimize()) {
            optimize.add(Integer.toString(level));
        }
        return new String[] {path, size, sum, optional(c.requiresPython().orElse(null)), list(c.pythons()),
                list(optimize), optional(c.invalidationMode().isPresent() ? c.invalidationMode().get().name() : null),
                list(c.exclude()), optional(c.jobs().isPresent() ? c.jobs().get().toString() : null),
                optional(c.pycachePrefix().isPresent() ? c.pycachePrefix().get().toString() : null),
                list(c.keepVersions()),
                optional(c.respectGitignore().isPresent() ? c.respectGitignore().get().toString() : null),
                optional(c.store().isPresent() ? c.store().get().toString() : null),
                optional(c.storeMaxSize().isPresent() ? c.storeMaxSize().get().toString() : null)};
    }

    /**
     * The configuration a record holds; null when it cannot be read (another pycd's, damaged): parsed again. No
     * lambdas: this runs at the start of every command in a project.
     */
    private static ProjectConfig decode(Path pyproject, String[] r) {
        try {
            List<Integer> optimize = new ArrayList<>();
            for (String level : list(r[5])) {
                optimize.add(Integer.parseInt(level));
            }
            String mode = optionalOf(r[6]);
            String jobs = optionalOf(r[8]);
            String prefix = optionalOf(r[9]);
            String storeMax = optionalOf(r[13]);
            return new ProjectConfig(Optional.of(pyproject), pyproject.toAbsolutePath().getParent(), list(r[4]),
                    List.copyOf(optimize), mode == null ? Optional.empty() : Optional.of(InvalidationMode.valueOf(mode)),
                    list(r[7]), jobs == null ? Optional.empty() : Optional.of(Integer.parseInt(jobs)),
                    prefix == null ? Optional.empty() : Optional.of(Path.of(prefix)), list(r[10]), bool(r[11]),
                    Optional.ofNullable(optionalOf(r[3])), bool(r[12]),
                    storeMax == null ? Optional.empty() : Optional.of(Long.parseLong(storeMax)));
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Optional<Boolean> bool(String field) {
        String v = optionalOf(field);
        if (v == null) {
            return Optional.empty();
        }
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException("not a boolean: " + v);
        }
        return Optional.of(Boolean.valueOf(v));
    }

    /** Empty for null, else {@code =} and the value (an empty string is a value). */
    private static String optional(String value) {
        return value == null ? "" : "=" + value;
    }

    /** The value a field of {@link #optional(String)} holds, or null. */
    private static String optionalOf(String field) {
        if (field.isEmpty()) {
            return null;
        }
        if (field.charAt(0) != '=') {
            throw new IllegalArgumentException("not an optional value: " + field);
        }
        return field.substring(1);
    }

    /** The count, then each item, each escaped, separated by tabs (the field is escaped again as it is written). */
    private static String list(List<String> items) {
        StringBuilder b = new StringBuilder(Integer.toString(items.size()));
        for (String item : items) {
            b.append('\t').append(item.replace("\\", "\\\\").replace("\t", "\\t"));
        }
        return b.toString();
    }

    private static List<String> list(String field) {
        String[] parts = field.split("\t", -1);
        int count = Integer.parseInt(parts[0]);
        if (parts.length != count + 1) {
            throw new IllegalArgumentException("a list of " + count + " with " + (parts.length - 1) + " items");
        }
        List<String> items = new ArrayList<>(count);
        for (int i = 1; i < parts.length; i++) {
            items.add(StateFile.unescape(parts[i]));
        }
        return List.copyOf(items);
    }
}
