package io.pycd.interpreter;

import io.pycd.cache.CacheTag;
import io.pycd.config.RequiresPython;
import io.pycd.tree.SourceNames;
import io.pycd.venv.PyvenvCfg;
import io.pycd.venv.Virtualenv;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The interpreter versions "in use" for a tree on this machine: every one pycd can find that could run it. Their
 * caches are worth keeping; only a cache of a version nothing here can run for this project is wrong-version. One rule
 * for clean (what it keeps) and status (what it calls wrong-version).
 *
 * <p>In use, in the order reasons are recorded (the first one found for a version is the one given): the targets,
 * {@code --keep-version} and {@code [tool.pycd] keep-versions}, {@code [tool.pycd] pythons}, the virtualenv a PATH
 * lies in and those the tree holds (found by the engines' walks and added with {@link #plus}), the project's
 * {@code .venv}/{@code venv}, tox's and nox's environments, {@code $VIRTUAL_ENV}, each version {@code .python-version}
 * names (looked up in pyenv's versions folder), every interpreter on PATH and in pyenv's versions folder. Where the
 * project declares {@code requires-python}, a version found (not named) outside it is not in use. Virtualenvs are
 * read from their {@code pyvenv.cfg}; interpreters' facts come from {@link Interpreters}, which remembers them, so a
 * run whose facts are remembered starts no Python.
 */
public final class InUse {

    /** Why a version is in use. Named ones are in use whatever {@code requires-python} says; found ones are not. */
    public enum Reason {
        TARGET("target", true),
        KEEP_VERSION("keep-version", true),
        CONFIGURED("[tool.pycd] pythons", true),
        VIRTUALENV("virtualenv", false),
        TOX_NOX("tox/nox environment", false),
        ACTIVE_VIRTUALENV("VIRTUAL_ENV", false),
        PYTHON_VERSION_FILE(".python-version", false),
        PATH("PATH", false),
        PYENV("pyenv", false),
        /** An interpreter found here that did not answer this time ({@link Unanswered}): its version is not known. */
        UNANSWERED("did not answer", false);

        private final String label;
        private final boolean named;

        Reason(String label, boolean named) {
            this.label = label;
            this.named = named;
        }

        public String label() {
            return label;
        }

        /** The user named this version: {@code requires-python} does not rule it out. */
        public boolean named() {
            return named;
        }
    }

    /**
     * One version in use, or refused, with the reason it was found.
     *
     * @param tag     the cache tag its caches carry
     * @param version the version as found ({@code 3.12.1}; for a keep-version, as given)
     * @param reason  why it counts
     * @param where   what it was found as: an interpreter's path, a virtualenv's folder, a file
     */
    public record Use(String tag, String version, Reason reason, String where) {
        /** {@code PATH /usr/bin/python3.11 (3.11.2)} */
        public String describe() {
            return reason.label() + " " + where + (where.contains(version) ? "" : " (" + version + ")");
        }
    }

    /**
     * An interpreter found here that could not be asked this time (it did not answer within
     * {@link Interpreters#ANSWER_WITHIN}): it may use caches of the version its name says ({@code python3.14}), or,
     * named {@code python3}, of any CPython 3. Those caches are kept, not judged wrong-version, until it answers.
     *
     * @param command the interpreter as found
     * @param tag     the tag its name says ({@code cpython-314}), or empty when its name says none ({@code python3})
     * @param why     what went wrong, as {@link InterpreterException} said it
     */
    public record Unanswered(Path command, Optional<String> tag, String why) {

        /** The tags it may write: its name's, or every CPython 3's. */
        boolean mayUse(String other) {
            if (tag.isPresent()) {
                return tag.get().equals(other);
            }
            Optional<CacheTag> t = CacheTag.parse(other);
            return t.isPresent() && t.get().isCPython() && t.get().major() == 3;
        }

        /**
         * {@code python3.14} names cpython-314; {@code python3} and {@code python} name no version; Python 2 writes
         * no such caches.
         */
        static Optional<Unanswered> of(Path command, InterpreterException e) {
            Matcher m = NAMED_VERSION.matcher(command.getFileName() == null ? "" : command.getFileName().toString());
            if (!m.matches() || "2".equals(m.group(1)) || m.group(1) == null && m.group(2) != null) {
                return Optional.empty();
            }
            Optional<String> tag = m.group(2) == null ? Optional.empty()
                    : Optional.of(CacheTag.cpython(3, Integer.parseInt(m.group(2))).toString());
            return Optional.of(new Unanswered(command, tag, e.getMessage()));
        }

        /** What its caches are kept as: {@code 3.14}, or {@code 3.x}. */
        public String keeps() {
            return tag.flatMap(CacheTag::parse).map(t -> t.major() + "." + t.minor()).orElse("3.x");
        }
    }

    private static final Pattern NAMED_VERSION = Pattern.compile("python([23])?(?:\\.([0-9]+))?");

    /**
     * What the finding starts from.
     *
     * @param targets           the target interpreters
     * @param keepVersions      {@code [tool.pycd] keep-versions} then {@code --keep-version}, each a valid X.Y or tag
     * @param configuredPythons {@code [tool.pycd] pythons}, as written there
     * @param requiresPython    the project's {@code requires-python}
     * @param projectRoot       the project's root: its virtualenvs, tox and nox environments count
     * @param roots             the PATHs, absolute: a virtualenv one lies in counts; {@code .python-version} is looked
     *                          for at or above the first
     * @param onlyTargets       only the targets and the versions named to keep ({@code --only-targets})
     */
    public record Inputs(List<Interpreter> targets, List<String> keepVersions, List<String> configuredPythons,
                         Optional<RequiresPython> requiresPython, Path projectRoot, List<Path> roots,
                         boolean onlyTargets) {
        public Inputs {
            targets = List.copyOf(targets);
            keepVersions = List.copyOf(keepVersions);
            configuredPythons = List.copyOf(configuredPythons);
            roots = List.copyOf(roots);
        }
    }

    private final Map<String, Use> uses;
    private final Map<String, Use> refused;
    private final List<Unanswered> unanswered;
    private final Optional<RequiresPython> requiresPython;
    private final boolean onlyTargets;

    private InUse(Map<String, Use> uses, Map<String, Use> refused, List<Unanswered> unanswered,
                  Optional<RequiresPython> requiresPython, boolean onlyTargets) {
        this.uses = Collections.unmodifiableMap(new LinkedHashMap<>(uses));
        this.refused = Collections.unmodifiableMap(new LinkedHashMap<>(refused));
        this.unanswered = List.copyOf(unanswered);
        this.requiresPython = requiresPython;
        this.onlyTargets = onlyTargets;
    }

    /** Nothing in use: what {@code clean --all} judges with. */
    public static InUse none() {
        return new InUse(Map.of(), Map.of(), List.of(), Optional.empty(), true);
    }

    /**
     * Only the targets, with nothing looked up on the machine; virtualenvs an engine finds in the tree still count
     * (within {@code requiresPython}). For engines used as a library, and their tests.
     */
    public static InUse targets(List<Interpreter> targets, Optional<RequiresPython> requiresPython) {
        InUse u = new InUse(Map.of(), Map.of(), List.of(), requiresPython, false);
        for (Interpreter i : targets) {
            u = u.plus(Reason.TARGET, i.cacheTag(), i.version(), i.executable().toString());
        }
        return u;
    }

    /**
     * Every version in use for {@code in}, looked up with {@code interpreters}. Candidates that cannot be asked
     * (Python 2, a wrapper that fails) go to {@code problems} and count for nothing; a pyenv shim refusing a version
     * pyenv has not selected counts for nothing and is not a problem ({@link InterpreterDiscovery#isShimOfListedPyenv}).
     */
    public static InUse find(Interpreters interpreters, Inputs in, Consumer<InterpreterException> problems) {
        InUse u = new InUse(Map.of(), Map.of(), List.of(), in.requiresPython(), in.onlyTargets());
        for (Interpreter i : in.targets()) {
            u = u.plus(Reason.TARGET, i.cacheTag(), i.version(), i.executable().toString());
        }
        for (String v : in.keepVersions()) {
            u = u.plus(Reason.KEEP_VERSION, CacheTag.ofKeepVersion(v).toString(), v, v);
        }
        if (in.onlyTargets()) {
            return u;
        }
        for (String name : in.configuredPythons()) {
            try {
                Interpreter i = interpreters.resolve(name);
                u = u.plus(Reason.CONFIGURED, i.cacheTag(), i.version(), name);
            } catch (InterpreterException e) {
                problems.accept(e);
                u = u.plusUnanswered(Path.of(name), e);
            }
        }
        for (Path root : in.roots()) {
            Optional<Virtualenv> holding = Virtualenv.holding(root);
            if (holding.isPresent()) {
                u = u.plusVirtualenv(Reason.VIRTUALENV, holding.get());
            }
        }
        for (String name : Virtualenv.PROJECT_NAMES) {
            Optional<Virtualenv> venv = Virtualenv.at(in.projectRoot().resolve(name));
            if (venv.isPresent()) {
                u = u.plusVirtualenv(Reason.VIRTUALENV, venv.get());
            }
        }
        for (String name : SourceNames.VIRTUALENV_FOLDERS.stream().sorted().toList()) {
            for (Path env : subfolders(in.projectRoot().resolve(name))) {
                Optional<Virtualenv> venv = Virtualenv.at(env);
                if (venv.isPresent()) {
                    u = u.plusVirtualenv(Reason.TOX_NOX, venv.get());
                }
            }
        }
        Optional<Path> active = interpreters.environment().virtualEnv();
        if (active.isPresent()) {
            Optional<Virtualenv> venv = Virtualenv.at(active.get());
            if (venv.isPresent()) {
                u = u.plusVirtualenv(Reason.ACTIVE_VIRTUALENV, venv.get());
            }
        }
        if (!in.roots().isEmpty()) {
            u = u.plusPythonVersionFile(interpreters, in.roots().get(0), problems);
        }
        InterpreterDiscovery discovery = new InterpreterDiscovery(interpreters);
        List<InterpreterDiscovery.Candidate> candidates = discovery.onThisMachine();
        List<Path> commands = new ArrayList<>();
        for (InterpreterDiscovery.Candidate c : candidates) {
            commands.add(c.command());
        }
        List<Interpreters.Answer> answers = interpreters.resolveAllFound(commands);
        for (int k = 0; k < candidates.size(); k++) {
            InterpreterDiscovery.Candidate c = candidates.get(k);
            Interpreters.Answer answer = answers.get(k);
            if (answer instanceof Interpreters.Answer.Known known) {
                Interpreter i = known.interpreter();
                u = u.plus(c.place() == InterpreterDiscovery.Place.PYENV ? Reason.PYENV : Reason.PATH, i.cacheTag(),
                        i.version(), c.command().toString());
            } else if (answer instanceof Interpreters.Answer.Refused refused) {
                InterpreterException e = refused.why();
                if (!(e.lasting() && discovery.isShimOfListedPyenv(c))) {
                    problems.accept(e); // a shim refusing an unselected version is no news: its versions are listed
                }
                u = u.plusUnanswered(c.command(), e);
            } else {
                throw new AssertionError("an answer of another kind: " + answer);
            }
        }
        return u;
    }

    /**
     * This set, minding that the interpreter at {@code command} failed with {@code e}: one that did not answer
     * this time (not a {@linkplain InterpreterException#lasting() lasting} failure) may use caches that nothing else
     * here uses, so they are kept ({@link #unanswered}). A lasting failure (a pyenv shim refusing a version it has not
     * selected, Python 2) says what it is: it counts for nothing.
     */
    InUse plusUnanswered(Path command, InterpreterException e) {
        if (e.lasting()) {
            return this;
        }
        Optional<Unanswered> un = Unanswered.of(command, e);
        if (un.isEmpty()) {
            return this;
        }
        List<Unanswered> all = new ArrayList<>(unanswered);
        all.add(un.get());
        return new InUse(uses, refused, all, requiresPython, onlyTargets);
    }

    /**
     * This set with one more version. The first reason given for a tag is the one kept; a found version outside
     * {@code requires-python} is refused (and shows in {@link #refused}) unless a named one has the same tag; with
     * {@code --only-targets} found versions are ignored.
     */
    public InUse plus(Reason reason, String tag, String version, String where) {
        if (uses.containsKey(tag) || onlyTargets && !reason.named()) {
            return this;
        }
        Map<String, Use> u = new LinkedHashMap<>(uses);
        Map<String, Use> r = new LinkedHashMap<>(refused);
        Use use = new Use(tag, version, reason, where);
        if (!reason.named() && requiresPython.isPresent() && !requiresPython.get().allows(version)) {
            r.putIfAbsent(tag, use);
        } else {
            u.put(tag, use);
            r.remove(tag);
        }
        return new InUse(u, r, unanswered, requiresPython, onlyTargets);
    }

    /** This set with a virtualenv's version, read from its pyvenv.cfg (nothing, when it names none). */
    public InUse plusVirtualenv(Reason reason, Virtualenv venv) {
        if (venv.cfg().isEmpty()) {
            return this;
        }
        PyvenvCfg cfg = venv.cfg().get();
        return plus(reason, cfg.tag().toString(), cfg.version(), venv.dir().toString());
    }

    /**
     * The versions pyenv's {@code .python-version} (the nearest at or above {@code start}) names, each looked up in
     * pyenv's versions folder as pyenv does: the folder of that name, else the newest whose name starts with it and
     * a dot ({@code 3.12} picks {@code 3.12.1}). {@code system} is whatever is on PATH, counted there.
     */
    private InUse plusPythonVersionFile(Interpreters interpreters, Path start, Consumer<InterpreterException> problems) {
        Path file = null;
        Path dir = start.toAbsolutePath().normalize();
        for (dir = Files.isDirectory(dir) ? dir : dir.getParent(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(".python-version"))) {
                file = dir.resolve(".python-version");
                break;
            }
        }
        if (file == null) {
            return this;
        }
        List<String> names = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String name = line.strip();
                if (!name.isEmpty() && !name.startsWith("#") && !"system".equals(name)) {
                    names.add(name);
                }
            }
        } catch (IOException | RuntimeException e) {
            return this;
        }
        InUse u = this;
        Path versions = interpreters.pyenvRoot().resolve("versions");
        for (String name : names) {
            Optional<Path> installed = pyenvVersion(versions, name);
            if (installed.isEmpty()) {
                continue;
            }
            Optional<Virtualenv> venv = Virtualenv.at(installed.get());
            if (venv.isPresent() && venv.get().cfg().isPresent()) {
                PyvenvCfg cfg = venv.get().cfg().get();
                u = u.plus(Reason.PYTHON_VERSION_FILE, cfg.tag().toString(), cfg.version(), file + ": " + name);
                continue;
            }
            Path python = installed.get().resolve("bin").resolve("python3");
            if (Files.isExecutable(python)) {
                try {
                    Interpreter i = interpreters.resolve(python);
                    u = u.plus(Reason.PYTHON_VERSION_FILE, i.cacheTag(), i.version(), file + ": " + name);
                } catch (InterpreterException e) {
                    problems.accept(e);
                    u = u.plusUnanswered(python, e);
                }
            }
        }
        return u;
    }

    private static Optional<Path> pyenvVersion(Path versions, String name) {
        if (name.contains("/") || name.equals("..") || name.equals(".")) {
            return Optional.empty();
        }
        Path exact = versions.resolve(name);
        if (Files.isDirectory(exact)) {
            return Optional.of(exact);
        }
        return subfolders(versions).stream().filter(p -> p.getFileName().toString().startsWith(name + "."))
                .max(Comparator.comparing(p -> p.getFileName().toString(), InterpreterDiscovery::versionAware));
    }

    private static List<Path> subfolders(Path dir) {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                if (Files.isDirectory(p)) { // pyenv-virtualenv's versions are symlinks
                    out.add(p);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not there or unreadable: nothing in it counts.
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    /** True when caches of {@code tag} are worth keeping here (or may be: {@link #unanswered}). */
    public boolean includes(String tag) {
        return use(tag).isPresent();
    }

    /**
     * Why {@code tag} is in use, when it is; else, when an interpreter that did not answer may use it (and
     * {@code requires-python} does not rule its version out), that one ({@link Reason#UNANSWERED}).
     */
    public Optional<Use> use(String tag) {
        Use known = uses.get(tag);
        if (known != null) {
            return Optional.of(known);
        }
        if (refused.containsKey(tag)) {
            return Optional.empty();
        }
        Optional<CacheTag> version = CacheTag.parse(tag).filter(CacheTag::isCPython);
        if (requiresPython.isPresent() && version.isPresent()
                && !requiresPython.get().allows(version.get().major() + "." + version.get().minor())) {
            return Optional.empty();
        }
        for (Unanswered u : unanswered) {
            if (u.mayUse(tag)) {
                return Optional.of(new Use(tag, version.map(v -> v.major() + "." + v.minor()).orElse(tag),
                        Reason.UNANSWERED, u.command().toString()));
            }
        }
        return Optional.empty();
    }

    /** The interpreters found here that did not answer, in the order found: the caches they may use are kept. */
    public List<Unanswered> unanswered() {
        return unanswered;
    }

    /** Tag → the first reason found, in the order found. */
    public Map<String, Use> uses() {
        return uses;
    }

    /** Tag → a version found but outside {@code requires-python}. */
    public Map<String, Use> refused() {
        return refused;
    }

    public Optional<RequiresPython> requiresPython() {
        return requiresPython;
    }

    /** The tags in use, ordered as versions are ({@code cpython-39} before {@code cpython-310}). */
    public List<Use> sorted() {
        return sortedOf(uses);
    }

    /** The refused versions, ordered as {@link #sorted}. */
    public List<Use> sortedRefused() {
        return sortedOf(refused);
    }

    private static List<Use> sortedOf(Map<String, Use> map) {
        List<Use> list = new ArrayList<>(map.values());
        list.sort(Comparator.comparing(Use::tag, InterpreterDiscovery::versionAware));
        return List.copyOf(list);
    }
}
