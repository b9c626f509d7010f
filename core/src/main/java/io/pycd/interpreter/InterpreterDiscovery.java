package io.pycd.interpreter;

import io.pycd.venv.Virtualenv;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/** Lists the interpreters pycd can target: on PATH, in pyenv's versions folder and in the project's virtualenvs. */
public final class InterpreterDiscovery {

    /** Python 2 too: it is listed among the problems, with its version, so that nobody wonders where it went. */
    private static final Pattern PYTHON_NAME = Pattern.compile("python[23](\\.[0-9]+)?");

    private final Interpreters interpreters;

    public InterpreterDiscovery(Interpreters interpreters) {
        this.interpreters = interpreters;
    }

    /** Where a candidate was found. */
    public enum Place {
        PATH("PATH"), PYENV("pyenv"), VIRTUAL_ENV("VIRTUAL_ENV"), PROJECT_VIRTUALENV("project virtualenv");

        private final String label;

        Place(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * A command that may be an interpreter.
     *
     * @param command the file to run
     * @param place   where it was found
     */
    public record Candidate(Path command, Place place) {
        /** {@code /usr/bin/python3.12 (PATH)} */
        public String label() {
            return command + " (" + place.label() + ")";
        }
    }

    /**
     * The interpreters installed on this machine, as pycd finds them by name ({@code python3}, {@code python3.X}, and
     * Python 2's, to say why they cannot be targeted) at every PATH entry, then in each of pyenv's versions (versioned
     * names only). Nothing is started.
     */
    public List<Candidate> onThisMachine() {
        List<Candidate> found = new ArrayList<>();
        for (Path dir : interpreters.pathEntries()) {
            for (String name : pythonNames(dir)) {
                found.add(new Candidate(dir.resolve(name), Place.PATH));
            }
        }
        Path versions = interpreters.pyenvRoot().resolve("versions");
        for (String version : sortedNames(versions)) {
            Path bin = versions.resolve(version).resolve("bin");
            for (String name : pythonNames(bin)) {
                if (name.contains(".")) {
                    found.add(new Candidate(bin.resolve(name), Place.PYENV));
                }
            }
        }
        return found;
    }

    /**
     * True when {@code c} is a shim of the pyenv whose versions {@link #onThisMachine} lists (a PATH entry that is
     * pyenv's {@code shims} folder): every version the shim may run is a candidate of its own, so the shim's refusal
     * to run a version pyenv has not selected says nothing about what is installed.
     */
    public boolean isShimOfListedPyenv(Candidate c) {
        Path dir = c.command().toAbsolutePath().normalize().getParent();
        return c.place() == Place.PATH && dir != null
                && dir.equals(interpreters.pyenvRoot().toAbsolutePath().normalize().resolve("shims"));
    }

    /**
     * Every usable interpreter, one entry per executable, in the order found. Candidates that fail to start are
     * passed to {@code problems} and left out.
     */
    public List<Discovered> discover(Path projectRoot, Consumer<InterpreterException> problems) {
        Map<String, Path> candidates = new LinkedHashMap<>();
        for (Candidate c : onThisMachine()) {
            candidates.putIfAbsent(c.label(), c.command());
        }
        Path active = interpreters.environment().virtualEnv().orElse(null);
        if (active != null) {
            Candidate c = new Candidate(Virtualenv.pythonOf(active), Place.VIRTUAL_ENV);
            candidates.putIfAbsent(c.label(), c.command());
        }
        for (String venv : Virtualenv.PROJECT_NAMES) {
            Candidate c = new Candidate(Virtualenv.pythonOf(projectRoot.resolve(venv)), Place.PROJECT_VIRTUALENV);
            if (Files.isExecutable(c.command())) {
                candidates.putIfAbsent(c.label(), c.command());
            }
        }

        interpreters.askAtOnce(candidates.values());
        Map<Path, Discovered> byExecutable = new LinkedHashMap<>();
        Map<Path, Path> realToKey = new LinkedHashMap<>();
        candidates.forEach((label, command) -> {
            if (!Files.isExecutable(command)) {
                return;
            }
            try {
                Interpreter interpreter = interpreters.resolveFound(command);
                Path key = realToKey.computeIfAbsent(realPath(interpreter.executable()), r -> interpreter.executable());
                Discovered seen = byExecutable.get(key);
                List<String> labels = new ArrayList<>(seen == null ? List.of() : seen.foundAs());
                labels.add(label);
                byExecutable.put(key, new Discovered(seen == null ? interpreter : seen.interpreter(),
                        List.copyOf(labels)));
            } catch (InterpreterException e) {
                problems.accept(e);
            }
        });
        return List.copyOf(byExecutable.values());
    }

    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p;
        }
    }

    /** The names {@link #PYTHON_NAME} matches in {@code dir}, in version order. */
    private static List<String> pythonNames(Path dir) {
        // Listed by a glob first: /usr/bin holds thousands of names, and the version-aware order is not cheap.
        TreeSet<String> names = sortedNames(dir, "python[23]*");
        names.removeIf(name -> !PYTHON_NAME.matcher(name).matches());
        return List.copyOf(names);
    }

    private static TreeSet<String> sortedNames(Path dir) {
        return sortedNames(dir, "*");
    }

    private static TreeSet<String> sortedNames(Path dir, String glob) {
        TreeSet<String> names = new TreeSet<>(InterpreterDiscovery::versionAware);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, glob)) {
            entries.forEach(p -> names.add(p.getFileName().toString()));
        } catch (IOException | RuntimeException e) {
            // A PATH entry that does not exist or cannot be read holds no interpreters.
        }
        return names;
    }

    /** Orders {@code python3.9} before {@code python3.10}. */
    public static int versionAware(String a, String b) {
        String[] pa = a.split("(?<=\\D)(?=\\d)|(?<=\\d)(?=\\D)");
        String[] pb = b.split("(?<=\\D)(?=\\d)|(?<=\\d)(?=\\D)");
        for (int i = 0; i < Math.min(pa.length, pb.length); i++) {
            int c = Character.isDigit(pa[i].charAt(0)) && Character.isDigit(pb[i].charAt(0))
                    ? Long.compare(Long.parseLong(pa[i]), Long.parseLong(pb[i]))
                    : pa[i].compareTo(pb[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(pa.length, pb.length);
    }
}
