package io.pycd.venv;

import io.pycd.tree.SourceNames;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A virtualenv (PEP 405): a folder holding {@code pyvenv.cfg}, whose interpreter is {@code bin/python}. Its version
 * is read from the file, never by starting its interpreter.
 *
 * @param dir the folder holding pyvenv.cfg
 * @param cfg what pyvenv.cfg says, when it names a version
 */
public record Virtualenv(Path dir, Optional<PyvenvCfg> cfg) {

    /** The project's own virtualenvs, in the order they are preferred: in its root folder, by these names. */
    public static final List<String> PROJECT_NAMES = List.of(".venv", "venv");

    /** The virtualenv at {@code dir}: empty unless it holds a pyvenv.cfg (a regular file, not a symlink). */
    public static Optional<Virtualenv> at(Path dir) {
        if (!Files.isRegularFile(dir.resolve(SourceNames.VIRTUALENV_MARKER), LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        return Optional.of(new Virtualenv(dir, PyvenvCfg.read(dir)));
    }

    /**
     * The virtualenv {@code path} lies in: the nearest folder at or above it (as written, made absolute; symlinks
     * are not resolved, as import takes {@code sys.prefix}) holding pyvenv.cfg. A file's folder is where the search
     * starts.
     */
    public static Optional<Virtualenv> holding(Path path) {
        Path dir = path.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            dir = dir.getParent();
        }
        for (; dir != null; dir = dir.getParent()) {
            Optional<Virtualenv> venv = at(dir);
            if (venv.isPresent()) {
                return venv;
            }
        }
        return Optional.empty();
    }

    /** A virtualenv's interpreter: {@code bin/python}, whatever version it is. */
    public static Path pythonOf(Path virtualenv) {
        return virtualenv.resolve("bin").resolve("python");
    }

    public Path python() {
        return pythonOf(dir);
    }
}
