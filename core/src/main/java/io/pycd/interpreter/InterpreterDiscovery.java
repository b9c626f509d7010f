package io.pycd.interpreter;

import io.pycd.venv.Virtualenv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
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

        List<String> labels = new ArrayList<>();
        List<Path> commands = new ArrayList<>();
        candidates.forEach((label, command) -> {
            if (Files.isExecutable(command)) {
                labels.add(label);
                commands.add(command);
            }
        });
        List<Interpreters.Answer> answers = interpreters.resolveAllFound(commands);
        Map<Path, Discovered> byExecutable = new LinkedHashMap<>();
        Map<Path, Path> realToKey = new LinkedHashMap<>();
        for (int k = 0; k < commands.size(); k++) {
            Interpreters.Answer answer = answers.get(k);
            if (answer instanceof Interpreters.Answer.Known known) {
                Interpreter interpreter = known.interpreter();
                Path key = realToKey.computeIfAbsent(realPath(interpreter.executable()), r -> interpreter.executable());
                Discovered seen = byExecutable.get(key);
                List<String> foundAs = new ArrayList<>(seen == null ? List.of() : seen.foundAs());
                foundAs.add(labels.get(k));
                byExecutable.put(key, new Discovered(seen == null ? interpreter : seen.interpreter(),
                        List.copyOf(foundAs)));
            } else if (answer instanceof Interpreters.Answer.Refused refused) {
                problems.accept(refused.why());
            } else {
                throw new AssertionError("an answer of another kind: " + answer);
            }
        }
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
        // /usr/bin holds a thousand names or more, and PATH often names it twice (/bin links to it): the names are
        // read as strings and only those starting with "python" are matched. A glob did the same at ~30 us a name
        // (a regular expression, interpreted, at every start): ~50 ms of every clean and status.
        TreeSet<String> names = new TreeSet<>(VERSION_AWARE);
        for (String name : namesIn(dir)) {
            if (name.startsWith("python") && PYTHON_NAME.matcher(name).matches()) {
                names.add(name);
            }
        }
        return List.copyOf(names);
    }

    private static TreeSet<String> sortedNames(Path dir) {
        TreeSet<String> names = new TreeSet<>(VERSION_AWARE);
        java.util.Collections.addAll(names, namesIn(dir));
        return names;
    }

    /** The names in {@code dir}; none when it does not exist or cannot be read (a PATH entry that holds nothing). */
    private static String[] namesIn(Path dir) {
        String[] names = dir.toFile().list();
        return names == null ? new String[0] : names;
    }

    /** {@link #versionAware} as a comparator: a class, not a method reference (a call site every start links). */
    public static final Comparator<String> VERSION_AWARE = new Comparator<>() {
        @Override
        public int compare(String a, String b) {
            return versionAware(a, b);
        }
    };

    /**
     * Orders {@code python3.9} before {@code python3.10}: the names are compared run by run, a run of ASCII digits
     * against another by its number, any other run as text; a name that is a prefix of the other comes first.
     */
    public static int versionAware(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ei = runEnd(a, i);
            int ej = runEnd(b, j);
            int c = isDigit(a.charAt(i)) && isDigit(b.charAt(j)) ? compareNumbers(a, i, ei, b, j, ej)
                    : a.substring(i, ei).compareTo(b.substring(j, ej));
            if (c != 0) {
                return c;
            }
            i = ei;
            j = ej;
        }
        return Integer.compare(runs(a, i), runs(b, j));
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Where the run of digits, or of other characters, that starts at {@code from} ends. */
    private static int runEnd(String s, int from) {
        boolean digits = isDigit(s.charAt(from));
        int end = from + 1;
        while (end < s.length() && isDigit(s.charAt(end)) == digits) {
            end++;
        }
        return end;
    }

    /** How many runs are left from {@code from}. */
    private static int runs(String s, int from) {
        int n = 0;
        for (int at = from; at < s.length(); at = runEnd(s, at)) {
            n++;
        }
        return n;
    }

    /** Two runs of digits by their numbers, of any length. */
    private static int compareNumbers(String a, int i, int ei, String b, int j, int ej) {
        while (i < ei - 1 && a.charAt(i) == '0') {
            i++;
        }
        while (j < ej - 1 && b.charAt(j) == '0') {
            j++;
        }
        if (ei - i != ej - j) {
            return Integer.compare(ei - i, ej - j);
        }
        return a.substring(i, ei).compareTo(b.substring(j, ej));
    }
}
