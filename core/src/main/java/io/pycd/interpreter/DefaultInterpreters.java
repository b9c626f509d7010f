package io.pycd.interpreter;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Which interpreters pycd targets when none is named on the command line, in this order: {@code [tool.pycd]
 * pythons} of the project; the active virtualenv ({@code VIRTUAL_ENV}); a {@code .venv/} or {@code venv/} in the
 * project root; {@code python3} on PATH.
 */
public final class DefaultInterpreters {

    /**
     * The chosen interpreters and where the choice came from.
     *
     * @param interpreters the targets, never empty
     * @param source       {@code --python}, {@code pyproject.toml}, {@code VIRTUAL_ENV}, {@code .venv}, {@code PATH}
     */
    public record Choice(List<Interpreter> interpreters, String source) {
    }

    /** The project's own virtualenvs, in the order they are preferred: in its root folder, by these names. */
    public static final List<String> PROJECT_VIRTUALENVS = List.of(".venv", "venv");

    private final Interpreters interpreters;

    public DefaultInterpreters(Interpreters interpreters) {
        this.interpreters = interpreters;
    }

    /**
     * @param requested  {@code --python} values, in order (may be empty)
     * @param configured {@code [tool.pycd] pythons} (may be empty)
     * @param projectRoot the folder whose {@code .venv}/{@code venv} counts
     */
    public Choice choose(List<String> requested, List<String> configured, Path projectRoot) throws InterpreterException {
        if (!requested.isEmpty()) {
            return new Choice(resolveAll(requested), "--python");
        }
        if (!configured.isEmpty()) {
            return new Choice(resolveAll(configured), "pyproject.toml");
        }
        Path active = interpreters.environment().virtualEnv().orElse(null);
        if (active != null) {
            Path python = pythonOf(active);
            if (Files.isExecutable(python)) {
                return new Choice(List.of(interpreters.resolve(python)), "VIRTUAL_ENV");
            }
        }
        for (String venv : PROJECT_VIRTUALENVS) {
            Path python = pythonOf(projectRoot.resolve(venv));
            if (Files.isExecutable(python)) {
                return new Choice(List.of(interpreters.resolve(python)), venv);
            }
        }
        if (interpreters.locate("python3").isEmpty()) {
            throw new InterpreterException("no interpreter: name one with --python, or put python3 on PATH");
        }
        return new Choice(List.of(interpreters.resolve("python3")), "PATH");
    }

    /** A virtualenv's interpreter. */
    public static Path pythonOf(Path virtualenv) {
        return virtualenv.resolve("bin").resolve("python");
    }

    private List<Interpreter> resolveAll(List<String> names) throws InterpreterException {
        List<Interpreter> result = new ArrayList<>();
        for (String name : names) {
            Interpreter i = interpreters.resolve(name);
            // Two interpreters with one cache tag write the same files: target the first only, and refuse a pair
            // that would write different bytes there (two builds of one version with different magic numbers).
            Interpreter sameTag = result.stream().filter(r -> r.cacheTag().equals(i.cacheTag())).findFirst().orElse(null);
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
