package io.pycd.interpreter;

import io.pycd.venv.Virtualenv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which interpreters pycd targets when none is named on the command line, in this order: {@code [tool.pycd]
 * pythons} of the project; the virtualenv a PATH lies in (the venv folder, its site-packages, anything below: only
 * its interpreter can import from there); the active virtualenv ({@code VIRTUAL_ENV}); a {@code .venv/} or
 * {@code venv/} in the project root; {@code python3} on PATH.
 */
public final class DefaultInterpreters {

    /** Where the targets came from, in the order they are tried. */
    public enum Origin {
        /** {@code --python} on the command line. */
        PYTHON_FLAG("--python"),
        /** {@code --env}: an environment's interpreter. */
        ENV_FLAG("--env"),
        /** {@code [tool.pycd] pythons}. */
        PYPROJECT("pyproject.toml"),
        /** The virtualenv a PATH lies in. */
        PATH_VIRTUALENV("virtualenv"),
        /** {@code $VIRTUAL_ENV}. */
        VIRTUAL_ENV("VIRTUAL_ENV"),
        /** {@code .venv/} in the project root. */
        DOT_VENV(".venv"),
        /** {@code venv/} in the project root. */
        VENV("venv"),
        /** {@code python3} on PATH. */
        PATH("PATH");

        private final String label;

        Origin(String label) {
            this.label = label;
        }

        /** As {@code pycd pythons} and JSON print it. */
        public String label() {
            return label;
        }

        static Origin ofProjectVirtualenv(String name) {
            return ".venv".equals(name) ? DOT_VENV : VENV;
        }
    }

    /**
     * The chosen interpreters and where the choice came from.
     *
     * @param interpreters the targets, never empty
     * @param origin       where they came from
     * @param from         the folder or file behind the origin, when there is one: the virtualenv, the environment,
     *                     the pyproject.toml
     */
    public record Choice(List<Interpreter> interpreters, Origin origin, Optional<Path> from) {
        public Choice {
            interpreters = List.copyOf(interpreters);
        }

        /** Where the targets came from, in words: {@code virtualenv /x/venv}, {@code PATH}. */
        public String describe() {
            return from.isPresent() ? origin.label() + " " + from.get() : origin.label();
        }
    }

    private final Interpreters interpreters;

    public DefaultInterpreters(Interpreters interpreters) {
        this.interpreters = interpreters;
    }

    /**
     * @param requested   {@code --python} values, in order (may be empty)
     * @param configured  {@code [tool.pycd] pythons} (may be empty)
     * @param projectRoot the folder whose {@code .venv}/{@code venv} counts
     * @param roots       the PATHs: one lying in a virtualenv targets its interpreter
     * @throws InterpreterException when none can be found, when the PATHs lie in two different virtualenvs, or the
     *                              virtualenv they lie in has no interpreter that runs
     */
    public Choice choose(List<String> requested, List<String> configured, Path projectRoot, List<Path> roots)
            throws InterpreterException {
        if (!requested.isEmpty()) {
            return new Choice(resolveAll(requested), Origin.PYTHON_FLAG, Optional.empty());
        }
        if (!configured.isEmpty()) {
            return new Choice(resolveAll(configured), Origin.PYPROJECT, Optional.empty());
        }
        Optional<Virtualenv> holding = virtualenvOf(roots);
        if (holding.isPresent()) {
            Path python = holding.get().python();
            if (!Files.isExecutable(python)) {
                throw new InterpreterException(holding.get().dir() + " is a virtualenv (pyvenv.cfg) without an "
                        + "interpreter that runs (" + python + "): its caches are for that interpreter only; "
                        + "name one with --python");
            }
            return new Choice(List.of(interpreters.resolve(python)), Origin.PATH_VIRTUALENV,
                    Optional.of(holding.get().dir()));
        }
        Path active = interpreters.environment().virtualEnv().orElse(null);
        if (active != null) {
            Path python = Virtualenv.pythonOf(active);
            if (Files.isExecutable(python)) {
                return new Choice(List.of(interpreters.resolve(python)), Origin.VIRTUAL_ENV, Optional.of(active));
            }
        }
        for (String venv : Virtualenv.PROJECT_NAMES) {
            Path python = Virtualenv.pythonOf(projectRoot.resolve(venv));
            if (Files.isExecutable(python)) {
                return new Choice(List.of(interpreters.resolve(python)), Origin.ofProjectVirtualenv(venv),
                        Optional.of(projectRoot.resolve(venv)));
            }
        }
        if (interpreters.locate("python3").isEmpty()) {
            throw new InterpreterException("no interpreter: name one with --python, or put python3 on PATH");
        }
        return new Choice(List.of(interpreters.resolve("python3")), Origin.PATH, Optional.empty());
    }

    /**
     * The one virtualenv the PATHs lie in (relative ones taken from the working folder), if any.
     *
     * @throws InterpreterException when they lie in two
     */
    private Optional<Virtualenv> virtualenvOf(List<Path> roots) throws InterpreterException {
        Virtualenv found = null;
        for (Path root : roots) {
            Virtualenv v = Virtualenv.holding(interpreters.environment().workingDirectory().resolve(root)).orElse(null);
            if (v == null) {
                continue;
            }
            if (found != null && !found.dir().equals(v.dir())) {
                throw new InterpreterException("the PATHs lie in two virtualenvs (" + found.dir() + ", " + v.dir()
                        + "), whose caches are for different interpreters: run pycd on each, or name --python");
            }
            found = v;
        }
        return Optional.ofNullable(found);
    }

    private List<Interpreter> resolveAll(List<String> names) throws InterpreterException {
        List<Interpreter> result = new ArrayList<>();
        for (String name : names) {
            Interpreter i = interpreters.resolve(name);
            // Two interpreters with one cache tag write the same files: target the first only, and refuse a pair
            // that would write different bytes there (two builds of one version with different magic numbers).
            Interpreter sameTag = null;
            for (Interpreter r : result) {
                if (r.cacheTag().equals(i.cacheTag())) {
                    sameTag = r;
                    break;
                }
            }
            if (sameTag == null) {
                result.add(i);
            } else if (sameTag.magic() != i.magic()) {
                throw new InterpreterException(sameTag.executable() + " and " + i.executable() + " share the cache tag "
                        + i.cacheTag() + " but have different magic numbers (" + sameTag.magicNumber() + ", "
                        + i.magicNumber() + "); target one of them");
            }
        }
        return List.copyOf(result);
    }
}
