package io.pycd.dist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a release's runtime starts pycd from, built by that runtime from a training run (cli's CdsTraining) and
 * checked before it ships. bin/pycd picks it up by its file name.
 */
sealed interface StartupCache {

    /** The cache's file, under the image's lib/. */
    Path file();

    /** One line for the build's output and the archive's RUNTIME file. */
    String describe();

    /**
     * JDK 25's AOT cache (JEP 483/514/515): classes loaded and linked, and method profiles, from the training run. It
     * survives a move of the whole folder. Built in two steps (record, create) and verified with
     * {@code -XX:AOTMode=on}, which refuses to start without a usable cache: the one-step {@code -XX:AOTCacheOutput}
     * can exit 0 leaving a 0-byte file.
     */
    record AotCache(Path file) implements StartupCache {
        @Override
        public String describe() {
            return "lib/" + file.getFileName() + ": JDK AOT cache (JEP 483/514/515), verified with -XX:AOTMode=on";
        }
    }

    /**
     * A JDK 17 dynamic class-data sharing archive, on top of the runtime's default archive (jlink
     * --generate-cds-archive). It is bound to the jar's absolute path: {@code lib/pycd.jsa.home} records the folder it
     * was built in, and bin/pycd does not pass the archive after the folder moved (the JVM would only reject it).
     */
    record CdsArchive(Path file) implements StartupCache {
        @Override
        public String describe() {
            return "lib/" + file.getFileName() + ": JDK 17 class-data sharing archive, verified with -Xshare:on; "
                    + "used only where it was built (bound to the jar's absolute path)";
        }
    }

    /** The release jar's mtime, 1980-01-02 00:00 UTC: the one bin/pycd restores (touch -d @315619200). */
    static final FileTime JAR_TIME = FileTime.fromMillis(315_619_200_000L);

    /** Trains and builds the cache for {@code image} with its own runtime, and verifies it. */
    static StartupCache build(Path image, Jdk jdk, Path scratch) throws IOException {
        Path lib = image.resolve("lib");
        Path jar = lib.resolve("pycd.jar");
        // the training run's interpreter facts and failure memo stay in the build folder, not the user's
        Map<String, String> env = Map.of("XDG_CACHE_HOME", scratch.resolve("xdg-cache").toString(),
                "XDG_STATE_HOME", scratch.resolve("xdg-state").toString());
        StartupCache cache;
        if (jdk.feature() >= Jdk.AOT_CACHE) {
            // The cache records the jar's mtime: a fixed one that bin/pycd can put back where an installer (pip)
            // does not keep it.
            Files.setLastModifiedTime(jar, JAR_TIME);
            Path conf = scratch.resolve("pycd.aotconf");
            Path aot = lib.resolve("pycd.aot");
            Exec.run(java(image, "-XX:AOTMode=record", "-XX:AOTConfiguration=" + conf, "-cp", jar.toString(),
                    "io.pycd.cli.CdsTraining"), env);
            Exec.run(java(image, "-XX:AOTMode=create", "-XX:AOTConfiguration=" + conf, "-XX:AOTCache=" + aot,
                    "-cp", jar.toString()), env);
            Files.delete(conf);
            cache = new AotCache(aot);
            verify(image, cache, "-XX:AOTMode=on", "-XX:AOTCache=" + aot);
        } else {
            Path jsa = lib.resolve("pycd.jsa");
            Exec.run(java(image, "-XX:ArchiveClassesAtExit=" + jsa, "-cp", jar.toString(),
                    "io.pycd.cli.CdsTraining"), env);
            Files.writeString(lib.resolve("pycd.jsa.home"), image.toRealPath() + "\n");
            cache = new CdsArchive(jsa);
            verify(image, cache, "-Xshare:on", "-XX:SharedArchiveFile=" + jsa);
        }
        return cache;
    }

    /** pycd --version started from the cache alone: the JVM refuses to start when it cannot use it. */
    private static void verify(Path image, StartupCache cache, String... flags) throws IOException {
        if (Files.size(cache.file()) == 0) {
            throw new IOException(cache.file() + " is empty");
        }
        List<String> cmd = new ArrayList<>(java(image, flags));
        cmd.addAll(List.of("-cp", image.resolve("lib/pycd.jar").toString(), "io.pycd.cli.Main", "--version"));
        String out = Exec.run(cmd);
        if (!out.startsWith("pycd ")) {
            throw new IOException("pycd --version from " + cache.file() + " printed: " + out);
        }
    }

    /** The image's java with pycd's JVM options (bin/jvm.options, as bin/pycd passes them) and {@code more}. */
    private static List<String> java(Path image, String... more) {
        List<String> cmd = new ArrayList<>(List.of(image.resolve("runtime/bin/java").toString(),
                "@" + image.resolve("bin/jvm.options")));
        cmd.addAll(List.of(more));
        return cmd;
    }
}
