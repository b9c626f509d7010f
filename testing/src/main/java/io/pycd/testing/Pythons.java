package io.pycd.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The real interpreters of this machine, for tests: {@code python3.X} on PATH and in pyenv's versions folder. The one
 * interpreter lookup of pycd's tests. It gives the interpreter's own {@code sys.executable}: a pyenv shim refuses to
 * run a version pyenv has not selected, so every candidate is asked and the first that answers wins. Modules turn
 * the path into pycd's {@code Interpreter} with their own resolution; a test needing a version that is not
 * installed is skipped, not failed.
 */
public final class Pythons {

    /** Every minor version pycd supports, oldest first. */
    public static final List<String> VERSIONS = List.of("3.6", "3.7", "3.8", "3.9", "3.10", "3.11", "3.12", "3.13");

    private static final Map<String, Optional<Path>> FOUND = new ConcurrentHashMap<>();

    private Pythons() {
    }

    /** {@code python3.X}'s executable, or empty when it is not installed. */
    public static Optional<Path> find(String version) {
        return FOUND.computeIfAbsent(version, Pythons::lookUp);
    }

    /** {@code python3.X}'s executable; the calling test is skipped when it is not installed. */
    public static Path require(String version) {
        Optional<Path> p = find(version);
        assumeTrue(p.isPresent(), "python" + version + " is not installed");
        return p.get();
    }

    /**
     * {@code pythonX.Y} of a version pycd does not target (2.7, 3.5), found where {@link #find} looks, with the
     * version it names with {@code -V} ({@code 2.7.18}); empty when none answers.
     */
    public static Optional<Old> findUnsupported(String version) {
        for (Path candidate : candidates("python" + version)) {
            Processes.Run r = Processes.exec(List.of(candidate.toString(), "-V"));
            String said = (r.out() + r.err()).strip();
            if (r.exit() == 0 && said.startsWith("Python " + version + ".")) {
                return Optional.of(new Old(candidate, said.substring("Python ".length())));
            }
        }
        return Optional.empty();
    }

    /** An interpreter of a version pycd does not target, and that version. */
    public record Old(Path executable, String version) {
    }

    /** Installed versions from {@code 3.minMinor} on, oldest first. */
    public static List<String> installed(int minMinor) {
        List<String> out = new ArrayList<>();
        for (String v : VERSIONS) {
            if (Integer.parseInt(v.substring(2)) >= minMinor && find(v).isPresent()) {
                out.add(v);
            }
        }
        return out;
    }

    /**
     * A wrapper script around a real interpreter that logs each start (its pid) to {@code log} and runs
     * {@code prelude} (Python) before the script given with {@code -c}: lets tests count worker starts and stall a
     * compile. Returns the wrapper's path.
     */
    public static Path loggingWrapper(Path realPython, Path dir, Path log, String prelude) {
        Path hook = TestFiles.write(dir.resolve("prelude.py"), prelude);
        Path wrapper = dir.resolve("python-wrapper");
        String sh = "#!/bin/sh\n"
                + "echo $$ >> '" + log + "'\n"
                + "if [ \"$2\" = -c ]; then exec '" + realPython + "' \"$1\" -c \"$(cat '" + hook + "')\n$3\"; fi\n"
                + "if [ \"$3\" = -c ]; then exec '" + realPython + "' \"$1\" \"$2\" -c \"$(cat '" + hook + "')\n$4\"; fi\n"
                + "exec '" + realPython + "' \"$@\"\n";
        return script(wrapper, sh);
    }

    /**
     * A wrapper around a real interpreter whose first starts do something else: start N runs the shell command
     * {@code insteadOf.get(N - 1)} ({@code exit 1}; {@code exec /other/python "$@"}), later starts the real
     * interpreter. Each start is logged (its pid) to {@code log}. For tests of a worker that cannot start.
     */
    public static Path flakyWrapper(Path realPython, Path dir, Path log, List<String> insteadOf) {
        StringBuilder sh = new StringBuilder("#!/bin/sh\n")
                .append("echo $$ >> '").append(log).append("'\n")
                .append("case $(($(wc -l < '").append(log).append("'))) in\n");
        for (int i = 0; i < insteadOf.size(); i++) {
            sh.append("  ").append(i + 1).append(") ").append(insteadOf.get(i)).append(" ;;\n");
        }
        sh.append("esac\nexec '").append(realPython).append("' \"$@\"\n");
        return script(dir.resolve("python-flaky"), sh.toString());
    }

    /** Writes an executable shell script. */
    private static Path script(Path file, String text) {
        TestFiles.write(file, text);
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return file;
    }

    private static Optional<Path> lookUp(String version) {
        String name = "python" + version;
        for (Path candidate : candidates(name)) {
            Processes.Run r = Processes.exec(List.of(candidate.toString(), "-I", "-c",
                    "import sys; print(sys.executable)"));
            String exe = r.out().strip();
            if (r.exit() == 0 && !exe.isEmpty()) {
                return Optional.of(Path.of(exe));
            }
        }
        return Optional.empty();
    }

    private static List<Path> candidates(String name) {
        List<Path> out = new ArrayList<>();
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                out.add(p);
            }
        }
        String root = System.getenv("PYENV_ROOT");
        Path versions = (root == null || root.isBlank() ? Path.of(System.getProperty("user.home"), ".pyenv")
                : Path.of(root)).resolve("versions");
        List<Path> pyenv = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(versions)) {
            dirs.forEach(d -> pyenv.add(d.resolve("bin").resolve(name)));
        } catch (IOException | RuntimeException e) {
            // no pyenv here
        }
        pyenv.sort(null);
        for (Path p : pyenv) {
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                out.add(p);
            }
        }
        return out;
    }
}
