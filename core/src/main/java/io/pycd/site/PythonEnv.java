package io.pycd.site;

import io.pycd.interpreter.InstallPaths;
import io.pycd.interpreter.Interpreter;
import io.pycd.interpreter.InterpreterException;
import io.pycd.interpreter.Interpreters;
import io.pycd.tree.Glob;
import io.pycd.tree.TreeRules;
import io.pycd.venv.Virtualenv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An environment named with {@code --env}: an interpreter and the folders its imports come from, which pycd compiles
 * for it. ENV is a virtualenv folder (its {@code bin/python}), an installation folder holding {@code bin/python3}
 * ({@code /usr/local}, a pyenv version), or an interpreter by name or path. Its site-packages are purelib and platlib
 * of its own {@code sysconfig.get_paths()}; the source folders of editable installs are those its site-packages'
 * {@code .pth} files name ({@link PthFiles}); its standard library, when asked for, is stdlib and platstdlib, less the
 * test suites and the files CPython's installer leaves out ({@link #STDLIB_LEFT_OUT}).
 *
 * @param spec         ENV as given
 * @param interpreter  its interpreter
 * @param virtualenv   the virtualenv folder, when ENV is one (or the interpreter lies in one)
 * @param sitePackages its site-packages folders that exist
 * @param editable     folders its .pth files name, other than those above, what lies in them and folders that hold
 *                     a site-packages folder
 * @param stdlib       its standard library folders, with {@code --stdlib}; else empty
 */
public record PythonEnv(String spec, Interpreter interpreter, Optional<Path> virtualenv, List<Path> sitePackages,
                        List<Path> editable, List<Path> stdlib) {

    /**
     * What {@code --stdlib} leaves out of the standard library, as name globs: the test suites ({@code test},
     * {@code tests}, {@code idle_test}: never imported by an application, and deleted from the official
     * {@code python} container images), the files CPython's {@code make install} leaves out of its compileall
     * ({@code -x 'bad_coding|badsyntax|site-packages|...'}: deliberately broken test data), and the site-packages
     * folders (walked as site-packages, with the user's rules only).
     */
    public static final List<String> STDLIB_LEFT_OUT = List.of("test", "tests", "idle_test", "*bad_coding*",
            "*badsyntax*", "site-packages", "dist-packages");

    public PythonEnv {
        sitePackages = List.copyOf(sitePackages);
        editable = List.copyOf(editable);
        stdlib = List.copyOf(stdlib);
    }

    /**
     * Finds the environment {@code spec} names (relative paths from {@code workingDirectory}) and where its modules
     * live. Starts its interpreter only when its facts are not remembered.
     *
     * @throws InterpreterException when it names nothing pycd can use, or an environment with no folder to compile
     */
    public static PythonEnv resolve(String spec, boolean withStdlib, Interpreters interpreters, Path workingDirectory)
            throws InterpreterException {
        Path asPath = workingDirectory.resolve(spec).normalize();
        Interpreter interpreter;
        if (Files.isDirectory(asPath)) {
            Optional<Virtualenv> venv = Virtualenv.at(asPath);
            Path python = venv.map(Virtualenv::python).orElse(asPath.resolve("bin").resolve("python3"));
            if (!Files.isExecutable(python)) {
                throw new InterpreterException("--env " + spec + ": " + (venv.isPresent()
                        ? "a virtualenv without an interpreter that runs (" + python + ")"
                        : "neither a virtualenv (no pyvenv.cfg) nor a Python installation (no bin/python3)"));
            }
            interpreter = interpreters.resolve(python);
        } else {
            interpreter = interpreters.resolve(spec);
        }
        InstallPaths paths = interpreters.installPaths(interpreter.executable());
        List<Path> site = existing(paths.sitePackages());
        List<Path> editable = new ArrayList<>();
        for (Path dir : site) {
            for (Path named : PthFiles.folders(dir)) {
                // A line naming a folder above site-packages (the environment itself) would walk it twice: left out.
                if (!within(named, site) && !within(named, editable) && site.stream().noneMatch(sp -> sp.startsWith(named))) {
                    editable.removeIf(e -> e.startsWith(named));
                    editable.add(named);
                }
            }
        }
        List<Path> stdlib = withStdlib ? existing(paths.standardLibrary()) : List.of();
        if (site.isEmpty() && editable.isEmpty() && stdlib.isEmpty()) {
            throw new InterpreterException("--env " + spec + ": " + interpreter.executable() + " has no site-packages "
                    + "folder (" + paths.purelib() + ")" + (withStdlib ? "" : "; --stdlib compiles its standard library"));
        }
        Optional<Path> venv = Virtualenv.holding(interpreter.executable()).map(Virtualenv::dir);
        return new PythonEnv(spec, interpreter, venv, site, editable, stdlib);
    }

    /** Every folder walked for this environment: site-packages, then the editable sources, then the stdlib. */
    public List<Path> roots() {
        List<Path> all = new ArrayList<>(sitePackages);
        all.addAll(editable);
        all.addAll(stdlib);
        return List.copyOf(all);
    }

    /** True for a source walked because of this environment (not because a PATH named it): third-party code. */
    public boolean holds(Path source) {
        Path abs = source.toAbsolutePath().normalize();
        return within(abs, roots());
    }

    /** The walk rules for the standard library: the user's, and what {@link #STDLIB_LEFT_OUT} names. */
    public static TreeRules stdlibRules(TreeRules user) {
        List<Glob> globs = new ArrayList<>(user.excludes());
        STDLIB_LEFT_OUT.forEach(g -> globs.add(Glob.compile(g)));
        return new TreeRules(globs);
    }

    private static boolean within(Path p, List<Path> folders) {
        return folders.stream().anyMatch(p::startsWith);
    }

    private static List<Path> existing(List<Path> folders) {
        return folders.stream().filter(Files::isDirectory).map(p -> p.toAbsolutePath().normalize()).toList();
    }
}
