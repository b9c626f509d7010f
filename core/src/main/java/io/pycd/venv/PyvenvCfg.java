package io.pycd.venv;

import io.pycd.cache.CacheTag;
import io.pycd.tree.SourceNames;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The interpreter version a virtualenv was made with, from its {@code pyvenv.cfg}: {@code version} (venv),
 * {@code version_info} (virtualenv, uv), and {@code implementation} when it names one (virtualenv writes
 * {@code PyPy}); CPython otherwise.
 *
 * @param file    the pyvenv.cfg read
 * @param version {@code major.minor[.micro]}
 * @param tag     the cache tag its interpreter writes: {@code cpython-312}, {@code pypy39}
 */
public record PyvenvCfg(Path file, String version, CacheTag tag) {

    private static final Pattern VERSION = Pattern.compile("([0-9]+)\\.([0-9]+)(?:\\.([0-9]+))?.*");

    /** Reads {@code dir/pyvenv.cfg}; empty when it is missing, a symlink, unreadable or names no version. */
    public static Optional<PyvenvCfg> read(Path dir) {
        Path file = dir.resolve(SourceNames.VIRTUALENV_MARKER);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        String version = null;
        String versionInfo = null;
        String implementation = "cpython";
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                int eq = line.indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String key = line.substring(0, eq).strip().toLowerCase(Locale.ROOT);
                String value = line.substring(eq + 1).strip();
                switch (key) {
                    case "version" -> version = value;
                    case "version_info" -> versionInfo = value;
                    case "implementation" -> implementation = value.toLowerCase(Locale.ROOT);
                    default -> { }
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        for (String v : new String[] {version, versionInfo}) {
            if (v != null) {
                Matcher m = VERSION.matcher(v);
                if (m.matches() && implementation.matches("[a-z][a-z0-9_]*")) {
                    String clean = m.group(1) + "." + m.group(2) + (m.group(3) == null ? "" : "." + m.group(3));
                    return Optional.of(new PyvenvCfg(file, clean, new CacheTag(implementation,
                            Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)))));
                }
            }
        }
        return Optional.empty();
    }
}
