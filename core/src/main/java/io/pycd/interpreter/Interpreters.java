package io.pycd.interpreter;

import io.pycd.environment.Environment;
import io.pycd.state.StateFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Finds interpreters by name or path and remembers their facts on disk, keyed by the file's identity (real path,
 * mtime, size; for pyenv shims also pyenv's version selection), so that a run with nothing to compile need not
 * start Python at all.
 */
public final class Interpreters {

    /**
     * How long an interpreter has to answer each of pycd's questions: a Python starts in well under a second, a shim
     * or a cold network drive in a few. One that has not answered by then is stopped, with what it started, and is
     * not an interpreter pycd can use (this time: a slow start is not remembered as a failure, only, for one found
     * rather than named, as not to be waited for again for {@link #NOT_ASKED_FOR}).
     */
    public static final Duration ANSWER_WITHIN = Duration.ofSeconds(10);

    /**
     * {@link #ANSWER_WITHIN}, unless the system property {@code pycd.interpreters.within} (milliseconds) says
     * otherwise (tests of interpreters that never answer).
     */
    static Duration answerWithin() {
        String ms = System.getProperty("pycd.interpreters.within");
        return ms == null ? ANSWER_WITHIN : Duration.ofMillis(Long.parseLong(ms));
    }

    /** The version field of a remembered failure. */
    private static final String UNUSABLE = "unusable";

    /** The version field of an interpreter found here that did not answer in time, with when. */
    private static final String UNANSWERED = "unanswered";

    /**
     * How long an interpreter that was found (not named) and did not answer is not asked again: the commands that
     * look for every interpreter (clean, status, pythons) would otherwise wait {@link #ANSWER_WITHIN} at every run.
     */
    public static final Duration NOT_ASKED_FOR = Duration.ofMinutes(10);

    /**
     * The facts file's format. 2: remembered failures say what the interpreter is (a version pycd does not target),
     * not its last words. 3: each record also holds the interpreter's sysconfig paths. 4: interpreters that did not
     * answer are remembered for a while. A file of another format is ignored and replaced: its interpreters are asked
     * again once.
     */
    static final String FORMAT = "pycd-interpreters 4";

    /** Fields of a record: the identity key, then {@link #ENTRY} fields. */
    private static final int ENTRY = 10;

    private final StateFile factsFile;
    private final Environment environment;
    private final Path workingDirectory;
    private final Map<String, Interpreter> resolved = new ConcurrentHashMap<>();
    private Map<String, String[]> facts;

    public Interpreters(Path factsFile, Environment environment) {
        this.factsFile = new StateFile(factsFile, FORMAT);
        this.environment = environment;
        this.workingDirectory = environment.workingDirectory();
    }

    /** Interpreters as {@code environment} finds them, their facts kept in its cache folder. */
    public static Interpreters of(Environment environment) {
        return new Interpreters(environment.cacheFolder().resolve("interpreters.tsv"), environment);
    }

    /** As this process's environment finds them. */
    public static Interpreters forUser() {
        return of(Environment.current());
    }

    public Environment environment() {
        return environment;
    }

    /**
     * An interpreter named on PATH ({@code python3.12}) or by path ({@code .venv/bin/python}). A name is tried at
     * every PATH entry that has it, then in pyenv's versions folder, because a pyenv shim refuses to run a version
     * that pyenv has not selected although that version is installed.
     */
    public Interpreter resolve(String nameOrPath) throws InterpreterException {
        Interpreter known = resolved.get(nameOrPath);
        if (known != null) {
            return known;
        }
        List<Path> candidates = candidates(nameOrPath);
        if (candidates.isEmpty() && nameOrPath.indexOf('/') >= 0
                && Files.isRegularFile(workingDirectory.resolve(nameOrPath))) {
            throw new InterpreterException(nameOrPath + ": not executable (a path to an interpreter must be one)");
        }
        if (candidates.isEmpty()) {
            throw new InterpreterException(nameOrPath + ": no such interpreter"
                    + (nameOrPath.contains("/") ? "" : " on PATH or in " + pyenvRoot().resolve("versions"))
                    + (nameOrPath.matches("[0-9]+\\.[0-9]+") ? " (interpreters are named as commands: python"
                    + nameOrPath + ")" : ""));
        }
        InterpreterException first = null;
        UnsupportedInterpreterException unsupported = null;
        for (Path command : candidates) {
            try {
                Interpreter interpreter = resolve(command);
                resolved.put(nameOrPath, interpreter);
                return interpreter;
            } catch (UnsupportedInterpreterException e) {
                unsupported = unsupported == null ? e : unsupported;
            } catch (InterpreterException e) {
                first = first == null ? e : first;
            }
        }
        // One that ran and named its version says more than a pyenv shim refusing to run it.
        throw unsupported != null ? unsupported.named(nameOrPath) : first;
    }

    private List<Path> candidates(String nameOrPath) {
        List<Path> found = new ArrayList<>();
        if (nameOrPath.indexOf('/') >= 0) {
            Optional<Path> located = locate(nameOrPath);
            if (located.isPresent()) {
                found.add(located.get());
            }
            return found;
        }
        for (Path dir : pathEntries()) {
            Path p = dir.resolve(nameOrPath);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                found.add(p);
            }
        }
        try (var versions = Files.newDirectoryStream(pyenvRoot().resolve("versions"))) {
            List<Path> sorted = new ArrayList<>();
            for (Path v : versions) {
                sorted.add(v.resolve("bin").resolve(nameOrPath));
            }
            sorted.sort(null); // by path: the version folders in a stable order
            for (Path p : sorted) {
                if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                    found.add(p);
                }
            }
        } catch (IOException | RuntimeException e) {
            // No pyenv.
        }
        return found;
    }

    /** The interpreter at {@code command}, from the facts file when its identity has not changed. */
    public Interpreter resolve(Path command) throws InterpreterException {
        return facts(command, false).interpreter();
    }

    /**
     * {@link #resolve(Path)} for an interpreter pycd found (on PATH, in pyenv's versions folder) rather than one the
     * user named: one that did not answer within the last {@link #NOT_ASKED_FOR} fails again at once, saying when it
     * will be asked again.
     */
    public Interpreter resolveFound(Path command) throws InterpreterException {
        return facts(command, true).interpreter();
    }

    /**
     * Where the interpreter at {@code command} keeps its standard library and site-packages
     * ({@code sysconfig.get_paths()}), remembered with its other facts.
     */
    public InstallPaths installPaths(Path command) throws InterpreterException {
        return facts(command, false).paths();
    }

    /** What asking an interpreter pycd found gave: a closed set. */
    public sealed interface Answer permits Answer.Known, Answer.Refused {
        /** It answered, now or before. */
        record Known(Interpreter interpreter) implements Answer {
        }

        /** It cannot be used: why, as {@link #resolveFound} throws it. */
        record Refused(InterpreterException why) implements Answer {
        }
    }

    /**
     * {@link #resolveFound} of every command of {@code found}, in order, with each identity worked out once. Those
     * pycd has no facts for are asked all at once rather than one after another: starting interpreters is mostly
     * waiting (for a process to start, for a wrapper, for one that hangs until {@link #ANSWER_WITHIN} stops it), so a
     * machine with twenty Pythons and a hung one pays the longest answer once, not the sum.
     */
    public List<Answer> resolveAllFound(List<Path> found) {
        Answer[] answers = new Answer[found.size()];
        List<Ask> asks = new ArrayList<>();
        for (int i = 0; i < answers.length; i++) {
            Path command = found.get(i);
            try {
                String key = identity(command);
                InterpreterProbe.Facts cached = remembered(command, key, true);
                if (cached != null) {
                    answers[i] = new Answer.Known(cached.interpreter());
                } else {
                    asks.add(new Ask(command, key, answers, i));
                }
            } catch (IOException e) {
                answers[i] = new Answer.Refused(cannotRead(command, e));
            } catch (InterpreterException e) {
                answers[i] = new Answer.Refused(e);
            }
        }
        if (asks.size() == 1) {
            asks.get(0).call();
        } else if (!asks.isEmpty()) {
            ExecutorService askers = Executors.newFixedThreadPool(Math.min(asks.size(), MAX_ASKED_AT_ONCE));
            try {
                askers.invokeAll(asks);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                askers.shutdownNow();
            }
        }
        List<Answer> out = new ArrayList<>(answers.length);
        for (int i = 0; i < answers.length; i++) {
            out.add(answers[i] != null ? answers[i] : new Answer.Refused(new InterpreterException(found.get(i)
                    + ": not asked (interrupted)", false)));
        }
        return out;
    }

    /** How many interpreters {@link #resolveAllFound} starts at a time. */
    private static final int MAX_ASKED_AT_ONCE = 16;

    /** One interpreter asked by {@link #resolveAllFound}: its answer goes in its slot. */
    private final class Ask implements Callable<Void> {
        private final Path command;
        private final String key;
        private final Answer[] answers;
        private final int slot;

        Ask(Path command, String key, Answer[] answers, int slot) {
            this.command = command;
            this.key = key;
            this.answers = answers;
            this.slot = slot;
        }

        @Override
        public Void call() {
            try {
                answers[slot] = new Answer.Known(probe(command, key).interpreter());
            } catch (InterpreterException e) {
                answers[slot] = new Answer.Refused(e);
            }
            return null;
        }
    }

    /**
     * What the facts file says of {@code command}, whose identity is {@code key}: its facts, a remembered failure
     * (thrown), or null when it must be asked.
     */
    private synchronized InterpreterProbe.Facts remembered(Path command, String key, boolean found)
            throws InterpreterException {
        String[] entry = facts().get(key);
        if (entry != null && UNUSABLE.equals(entry[2])) {
            // A command that failed to answer (a pyenv shim for an unselected version, Python 2) fails the same
            // way until its identity changes; asking it again costs a process start every run.
            if (!entry[4].isEmpty()) {
                throw new UnsupportedInterpreterException(command.toString(), entry[4]);
            }
            throw new InterpreterException(entry[3]);
        }
        if (entry != null && UNANSWERED.equals(entry[2])) {
            long since = System.currentTimeMillis() - parseMillis(entry[4]);
            if (found && since >= 0 && since < NOT_ASKED_FOR.toMillis()) {
                throw new InterpreterException(entry[3] + ", " + minutesAgo(since) + " (asked again "
                        + NOT_ASKED_FOR.toMinutes() + " minutes after that, or when named)", false);
            }
        } else if (entry != null) {
            InterpreterProbe.Facts cached = fromEntry(entry);
            if (cached != null && stamp(cached.interpreter().executable()).equals(entry[1])) {
                return cached;
            }
        }
        return null;
    }

    /** Remembers what the command with identity {@code key} said, and saves the facts file. */
    private synchronized void remember(String key, String[] entry) {
        facts().put(key, entry);
        saveQuietly();
    }

    /** The facts of the interpreter at {@code command}: remembered, or asked. */
    private InterpreterProbe.Facts facts(Path command, boolean found) throws InterpreterException {
        String key;
        try {
            key = identity(command);
        } catch (IOException e) {
            throw cannotRead(command, e);
        }
        InterpreterProbe.Facts cached = remembered(command, key, found);
        return cached != null ? cached : probe(command, key);
    }

    private static InterpreterException cannotRead(Path command, IOException e) {
        return new InterpreterException(command + ": cannot read: " + e.getMessage(), e);
    }

    /**
     * Asks the interpreter at {@code command}, whose identity is {@code key}, and remembers what it said (no lock is
     * held while it answers, so that {@link #resolveAllFound} asks several at a time).
     */
    private InterpreterProbe.Facts probe(Path command, String key) throws InterpreterException {
        try {
            InterpreterProbe.Facts probed = InterpreterProbe.probe(command);
            remember(key, toEntry(probed));
            return probed;
        } catch (InterpreterException e) {
            String[] failed = new String[ENTRY];
            java.util.Arrays.fill(failed, "");
            failed[0] = command.toString();
            failed[1] = stamp(command);
            failed[3] = e.getMessage();
            if (e.lasting()) {
                failed[2] = UNUSABLE;
                failed[4] = e instanceof UnsupportedInterpreterException u ? u.version() : "";
            } else {
                failed[2] = UNANSWERED; // asked again when named, or when found after NOT_ASKED_FOR
                failed[4] = Long.toString(System.currentTimeMillis());
            }
            remember(key, failed);
            throw e;
        }
    }

    private static long parseMillis(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return 0; // long ago: asked again
        }
    }

    private static String minutesAgo(long millis) {
        long minutes = millis / 60_000;
        return minutes == 0 ? "less than a minute ago" : minutes == 1 ? "a minute ago" : minutes + " minutes ago";
    }

    /** Where {@code nameOrPath} points: a path (relative to the working folder) or the first match on PATH. */
    public Optional<Path> locate(String nameOrPath) {
        if (nameOrPath.indexOf('/') >= 0) {
            Path p = workingDirectory.resolve(nameOrPath);
            return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        for (Path dir : pathEntries()) {
            Path p = dir.resolve(nameOrPath);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    List<Path> pathEntries() {
        List<Path> dirs = new ArrayList<>();
        for (String entry : environment.path().split(":")) {
            dirs.add(entry.isEmpty() ? workingDirectory : workingDirectory.resolve(entry));
        }
        return dirs;
    }

    /** pyenv's root, whose {@code versions} folder holds the versions pyenv installed. */
    Path pyenvRoot() {
        return environment.pyenvFolder();
    }

    private String identity(Path command) throws IOException {
        Path real = command.toRealPath();
        // The command as named is part of the key: a virtualenv's bin/python is a symlink to its base interpreter,
        // and the two report different sys.executable values.
        String key = command.toAbsolutePath().normalize() + "|" + real + "|" + stamp(real);
        Path parent = real.getParent();
        if (parent != null && parent.getFileName() != null && "shims".equals(parent.getFileName().toString())) {
            // A pyenv shim runs whatever version pyenv selects: that selection is part of its identity.
            key += "|" + environment.pyenvVersion().orElse("") + "|"
                    + readSmall(pyenvRoot().resolve("version")) + "|" + nearestPythonVersionFile();
        }
        return key;
    }

    private String nearestPythonVersionFile() {
        for (Path dir = workingDirectory; dir != null; dir = dir.getParent()) {
            Path f = dir.resolve(".python-version");
            if (Files.isRegularFile(f)) {
                return f + "=" + readSmall(f);
            }
        }
        return "";
    }

    private static String readSmall(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static String stamp(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            // nanoseconds, not an Instant's text: formatting one initializes java.time's formatters at every start
            return a.lastModifiedTime().to(TimeUnit.NANOSECONDS) + "/" + a.size();
        } catch (IOException e) {
            return "missing";
        }
    }

    private static String[] toEntry(InterpreterProbe.Facts f) {
        Interpreter i = f.interpreter();
        InstallPaths p = f.paths();
        return new String[] {i.executable().toString(), stamp(i.executable()), i.version(), i.implementation(),
                i.cacheTag(), i.magicHex(), p.stdlib().toString(), p.platstdlib().toString(), p.purelib().toString(),
                p.platlib().toString()};
    }

    private static InterpreterProbe.Facts fromEntry(String[] e) {
        try {
            return new InterpreterProbe.Facts(
                    new Interpreter(Path.of(e[0]), e[2], e[3], e[4], InterpreterProbe.magicFromHex(e[5])),
                    new InstallPaths(Path.of(e[6]), Path.of(e[7]), Path.of(e[8]), Path.of(e[9])));
        } catch (RuntimeException ex) {
            return null;
        }
    }

    private Map<String, String[]> facts() {
        if (facts == null) {
            facts = new LinkedHashMap<>();
            for (String[] record : factsFile.read(ENTRY + 1)) {
                facts.put(record[0], java.util.Arrays.copyOfRange(record, 1, ENTRY + 1));
            }
        }
        return facts;
    }

    private void saveQuietly() {
        List<String[]> records = new ArrayList<>();
        for (Map.Entry<String, String[]> fact : facts.entrySet()) {
            String[] record = new String[ENTRY + 1];
            record[0] = fact.getKey();
            System.arraycopy(fact.getValue(), 0, record, 1, ENTRY);
            records.add(record);
        }
        factsFile.write(records);
    }
}
