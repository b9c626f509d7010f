package io.pycd.tree;

import io.pycd.cache.CacheNames;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Set;

/**
 * What counts as a Python source and which folders never hold the project's modules: one rule for compile, status,
 * clean, watch and audit, so that they agree on what the tree is.
 */
public final class SourceNames {

    /** Version-control folders: never entered, in any mode. */
    public static final Set<String> VCS_FOLDERS = Set.of(".git", ".hg", ".svn");

    /** Folders that hold other tools' files, not the project's modules. */
    public static final Set<String> TOOL_FOLDERS = Set.of("node_modules", ".tox", ".nox");

    /** The file that makes a folder a virtualenv (PEP 405), whatever the folder's name. */
    public static final String VIRTUALENV_MARKER = "pyvenv.cfg";

    /** The tool folders whose subfolders are virtualenvs: tox and nox make one per environment. */
    public static final Set<String> VIRTUALENV_FOLDERS = Set.of(".tox", ".nox");

    private SourceNames() {
    }

    /**
     * A name import would load as a module's source: {@code *.py}, but not an Emacs lock ({@code .#x.py}, a
     * symlink to {@code user@host.pid} that never resolves). Editors' other files (vim's {@code 4913},
     * {@code .x.py.swp}, {@code x.py~}, JetBrains' {@code x.py___jb_tmp___}) do not end in {@code .py}.
     */
    public static boolean isSourceName(String name) {
        return name.length() > 3 && name.endsWith(".py") && !name.startsWith(".#");
    }

    /**
     * Whether the name survived decoding: a name that is not valid UTF-8 reaches Java with U+FFFD in it, and a
     * path built from it names another file (or none).
     */
    public static boolean isRepresentable(String name) {
        return name.indexOf('\uFFFD') < 0;
    }

    /** A source pycd can act on: {@link #isSourceName} and {@link #isRepresentable}. */
    public static boolean isSource(String name) {
        return isSourceName(name) && isRepresentable(name);
    }

    public static boolean isVcsFolder(String name) {
        return VCS_FOLDERS.contains(name);
    }

    public static boolean isToolFolder(String name) {
        return TOOL_FOLDERS.contains(name);
    }

    public static boolean holdsVirtualenvs(String name) {
        return VIRTUALENV_FOLDERS.contains(name);
    }

    /**
     * A folder a source walk never enters, by its name alone: VCS, {@code __pycache__}, tool folders, and a name that
     * is not {@link #isRepresentable representable} (the caches of its sources could not be named; the walk reports
     * it, as it reports such a file).
     */
    public static boolean isSkippedFolder(String name) {
        return isVcsFolder(name) || isToolFolder(name) || CacheNames.isPycacheDir(name) || !isRepresentable(name);
    }

    /** A virtualenv is any folder holding {@code pyvenv.cfg}, whatever its name: its modules are not the tree's. */
    public static boolean isVirtualenv(Path dir) {
        return Files.exists(dir.resolve(VIRTUALENV_MARKER), LinkOption.NOFOLLOW_LINKS);
    }
}
