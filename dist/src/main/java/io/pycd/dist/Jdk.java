package io.pycd.dist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The JDK a release's runtime is linked from, read from its {@code release} file.
 *
 * @param home    the JDK's folder
 * @param release the {@code release} file's entries (JAVA_VERSION, IMPLEMENTOR, ...), unquoted
 */
record Jdk(Path home, Map<String, String> release) {

    /** The feature release from which JDK 25's AOT cache (JEP 483/514/515) replaces class-data sharing. */
    static final int AOT_CACHE = 25;

    /**
     * The JDK to link from: {@code explicit} when given, else the newest JDK {@value #AOT_CACHE} under /usr/lib/jvm
     * (found by its release file, never by a folder name), else the JDK running the build.
     */
    static Jdk choose(String explicit, Path running) throws IOException {
        if (explicit != null && !explicit.isBlank()) {
            return read(Path.of(explicit)).orElseThrow(() -> new IOException(explicit + ": not a JDK with jlink"));
        }
        Path jvms = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(jvms)) {
            List<Jdk> found = new ArrayList<>();
            try (Stream<Path> s = Files.list(jvms)) {
                for (Path p : s.toList()) {
                    read(p).filter(j -> j.feature() == AOT_CACHE).ifPresent(found::add);
                }
            }
            Optional<Jdk> newest = found.stream().max(Comparator.comparing(Jdk::version, Jdk::compareVersions));
            if (newest.isPresent()) {
                return newest.get();
            }
        }
        return read(running).orElseThrow(() -> new IOException(running + ": the build's JDK has no jlink"));
    }

    /** The JDK at {@code home}: it has a release file and jlink. Symlinked aliases resolve to one JDK. */
    static Optional<Jdk> read(Path home) throws IOException {
        Path real = home.toRealPath();
        Path file = real.resolve("release");
        if (!Files.isRegularFile(file) || !Files.isExecutable(real.resolve("bin/jlink"))) {
            return Optional.empty();
        }
        Map<String, String> entries = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                entries.put(line.substring(0, eq), line.substring(eq + 1).replaceAll("^\"|\"$", ""));
            }
        }
        return entries.containsKey("JAVA_VERSION") ? Optional.of(new Jdk(real, entries)) : Optional.empty();
    }

    String version() {
        return release.get("JAVA_VERSION");
    }

    /** 17 for "17.0.15", 25 for "25.0.3" or "25". */
    int feature() {
        return Integer.parseInt(version().split("[.+-]")[0]);
    }

    Path tool(String name) {
        return home.resolve("bin").resolve(name);
    }

    /** "Eclipse Adoptium 25.0.3 (/usr/lib/jvm/temurin-25-jdk-amd64)". */
    String describe() {
        return release.getOrDefault("IMPLEMENTOR", "JDK") + " " + version() + " (" + home + ")";
    }

    private static int compareVersions(String a, String b) {
        String[] x = a.split("[.+-]");
        String[] y = b.split("[.+-]");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c = x[i].matches("\\d+") && y[i].matches("\\d+")
                    ? Integer.compare(Integer.parseInt(x[i]), Integer.parseInt(y[i])) : x[i].compareTo(y[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }
}
