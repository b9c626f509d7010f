package io.pycd.cleaner.debris;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * pyclean's debris topics, with its names and meanings, so users can switch without relearning. Two of pyclean's
 * flaws are fixed: {@code tox} really removes {@code .tox/}, and {@code build/}, {@code dist/}, {@code sdist/} go
 * only where they sit beside a Python project file (pyproject.toml, setup.py, setup.cfg), not anywhere.
 * Every name matches in every folder clean walks.
 */
public enum DebrisTopic {
    CACHE(true),
    COMPLEXIPY(false),
    COVERAGE(true),
    JUPYTER(false),
    MYPY(false),
    PACKAGE(true),
    PYRIGHT(false),
    PYTEST(true),
    RUFF(true),
    TOX(false);

    /** Files beside which {@code build/}, {@code dist/} and {@code sdist/} are a project's build output. */
    public static final Set<String> PROJECT_FILES = Set.of("pyproject.toml", "setup.py", "setup.cfg");

    private final boolean byDefault;

    DebrisTopic(boolean byDefault) {
        this.byDefault = byDefault;
    }

    /** {@code cache}, {@code coverage}, ... as on the command line. */
    public String topicName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** What {@code --debris} with no topic means: pyclean's defaults (cache, coverage, package, pytest, ruff). */
    public static Set<DebrisTopic> defaults() {
        EnumSet<DebrisTopic> set = EnumSet.noneOf(DebrisTopic.class);
        for (DebrisTopic t : values()) {
            if (t.byDefault) {
                set.add(t);
            }
        }
        return set;
    }

    /** A topic by name; {@code all} is every topic, handled by the caller. */
    public static DebrisTopic parse(String name) {
        for (DebrisTopic t : values()) {
            if (t.topicName().equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown debris topic '" + name + "' (known: all, "
                + String.join(", ", names()) + ")");
    }

    public static java.util.List<String> names() {
        return java.util.Arrays.stream(values()).map(DebrisTopic::topicName).toList();
    }

    /**
     * Whether a folder entry is this topic's debris.
     *
     * @param name          the entry's name
     * @param directory     true for a folder (false for a regular file)
     * @param besideProject true when the folder holding the entry has a Python project file
     */
    public boolean matches(String name, boolean directory, boolean besideProject) {
        return switch (this) {
            case CACHE -> directory && name.equals(".cache");
            case COMPLEXIPY -> directory && name.equals(".complexipy_cache");
            case COVERAGE -> directory ? name.equals("htmlcov")
                    : name.equals(".coverage") || name.equals("coverage.json") || name.equals("coverage.lcov")
                    || name.equals("coverage.xml");
            case JUPYTER -> directory && name.equals(".ipynb_checkpoints");
            case MYPY -> directory && name.equals(".mypy_cache");
            case PACKAGE -> directory && (name.endsWith(".egg-info") && name.length() > ".egg-info".length()
                    || besideProject && (name.equals("build") || name.equals("dist") || name.equals("sdist")));
            case PYRIGHT -> name.startsWith(".pyright");
            case PYTEST -> directory ? name.equals(".pytest_cache") : name.equals("pytestdebug.log");
            case RUFF -> directory && name.equals(".ruff_cache");
            case TOX -> directory && name.equals(".tox");
        };
    }

    /** The first topic in {@code topics} that claims the entry, or null. */
    public static DebrisTopic match(Set<DebrisTopic> topics, String name, boolean directory, boolean besideProject) {
        for (DebrisTopic t : topics) {
            if (t.matches(name, directory, besideProject)) {
                return t;
            }
        }
        return null;
    }
}
