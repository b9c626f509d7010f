package io.pycd.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pycd.testing.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The release the build made (dist/target), and running it as a user would on a machine with no Java or Maven. */
final class Installed {

    /** The only programs on the PATH the release runs with: what bin/pycd itself calls. */
    private static final List<String> TOOLS = List.of("bash", "env", "readlink", "sh", "touch");

    private Installed() {
    }

    static Path buildDir() {
        return Path.of(System.getProperty("pycd.release.dir", "target"));
    }

    /** The release folder as the build laid it out. */
    static Path image() {
        return buildDir().resolve(name());
    }

    static String name() {
        return System.getProperty("pycd.release.name");
    }

    static Path archive() {
        Path p = buildDir().resolve(name() + ".tar.gz");
        assumeTrue(Files.isRegularFile(p), "run after package: " + p);
        return p;
    }

    static Path wheel() throws IOException {
        try (var s = Files.list(buildDir())) {
            return s.filter(p -> p.getFileName().toString().endsWith("-py3-none-manylinux_2_17_x86_64.whl"))
                    .findFirst().orElseThrow(() -> new AssertionError("no wheel in " + buildDir()));
        }
    }

    /** "0.1.0-SNAPSHOT" from "pycd-0.1.0-SNAPSHOT-linux-x86_64". */
    static String version() {
        return name().substring("pycd-".length(), name().length() - "-linux-x86_64".length());
    }

    /** A folder holding only the shell tools bin/pycd needs; checks that neither java nor mvn can be found there. */
    static Path bareTools(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (String tool : TOOLS) {
            String real = Processes.exec(List.of("sh", "-c", "command -v " + tool)).ok().out().strip();
            Files.createSymbolicLink(dir.resolve(tool), Path.of(real));
        }
        for (String absent : List.of("java", "mvn", "javac")) {
            assertThat(Processes.exec(List.of(dir.resolve("sh").toString(), "-c", "command -v " + absent), null,
                    Map.of("PATH", dir.toString()), null).exit()).as(absent + " on the bare PATH").isNotZero();
        }
        return dir;
    }

    /**
     * Runs {@code program} (a path, or a name looked up on that PATH) in {@code cwd} with PATH = {@code tools} only,
     * no JAVA_HOME, and {@code env} added.
     */
    static Processes.Run run(Path tools, Path cwd, Map<String, String> env, String program, String... args) {
        List<String> cmd = new ArrayList<>();
        if (!program.contains("/")) {
            cmd.add(tools.resolve("env").toString());   // looks the name up on the child's PATH, not on ours
        }
        cmd.add(program);
        cmd.addAll(List.of(args));
        Map<String, String> all = new HashMap<>(env);
        all.put("PATH", tools.toString());
        all.put("JAVA_HOME", null);
        all.put("JDK_JAVA_OPTIONS", env.get("JDK_JAVA_OPTIONS"));
        return Processes.exec(cmd, cwd, all, null);
    }

    /**
     * Makes the JVM refuse to start unless it can use the AOT cache (JDK 25 runtime); on a JDK 17 runtime, whose
     * archive is bound to the folder it was built in, nothing.
     */
    static Map<String, String> requireStartupCache(Path home) {
        return Files.isRegularFile(home.resolve("lib/pycd.aot")) ? Map.of("JDK_JAVA_OPTIONS", "-XX:AOTMode=on")
                : Map.of();
    }

    /** What pycd printed, less the JVM's note that it picked up JDK_JAVA_OPTIONS. */
    static String err(Processes.Run r) {
        return r.err().replaceAll("(?m)^NOTE: Picked up JDK_JAVA_OPTIONS:.*\n", "");
    }
}
