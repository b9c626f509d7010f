package io.pycd.interpreter;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where an interpreter's modules live, as its own {@code sysconfig.get_paths()} says: asked once with its other facts
 * and remembered with them, so that naming an environment starts no Python either.
 *
 * @param stdlib     the standard library's pure-Python modules
 * @param platstdlib its platform-specific part (the same folder on every CPython build pycd knows)
 * @param purelib    site-packages: third-party pure-Python modules
 * @param platlib    site-packages for platform-specific modules (often the same folder as purelib)
 */
public record InstallPaths(Path stdlib, Path platstdlib, Path purelib, Path platlib) {

    /** purelib, then platlib when it is another folder. */
    public List<Path> sitePackages() {
        return distinct(purelib, platlib);
    }

    /**
     * stdlib, then platstdlib when it is another folder, except in a virtualenv: there platstdlib is the
     * virtualenv's own {@code lib/pythonX.Y}, which holds its site-packages and no standard library.
     */
    public List<Path> standardLibrary() {
        boolean virtualenvLib = purelib.normalize().startsWith(platstdlib.normalize())
                && !purelib.normalize().startsWith(stdlib.normalize());
        return virtualenvLib ? List.of(stdlib) : distinct(stdlib, platstdlib);
    }

    private static List<Path> distinct(Path a, Path b) {
        List<Path> out = new ArrayList<>(List.of(a));
        if (!b.normalize().equals(a.normalize())) {
            out.add(b);
        }
        return List.copyOf(out);
    }
}
