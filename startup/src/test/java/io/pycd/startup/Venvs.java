package io.pycd.startup;

import io.pycd.interpreter.Interpreter;
import io.pycd.testing.Py;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/** Real virtualenvs ({@code python -m venv}) holding real packages copied from the interpreter's own site-packages. */
final class Venvs {

    private Venvs() {
    }

    /** A new virtualenv of {@code python} at {@code dir}, without pip; returns its {@code bin/python}. */
    static Path create(Interpreter python, Path dir) {
        Py.run(python, List.of("-m", "venv", "--without-pip", dir.toString())).ok();
        return dir.resolve("bin/python");
    }

    /** The site-packages folder of the interpreter at {@code python}. */
    static Path sitePackages(Path python) {
        String out = io.pycd.testing.Processes.exec(List.of(python.toString(), "-c",
                "import sysconfig; print(sysconfig.get_path('purelib'))")).ok().out();
        return Path.of(out.strip());
    }

    /**
     * Copies the package {@code name} from {@code python}'s own site-packages into {@code target}, without its
     * caches (as uv installs it, and as the official images ship the standard library).
     */
    static Path copyPackage(Interpreter python, String name, Path target) {
        Path from = sitePackages(python.executable()).resolve(name);
        Path to = target.resolve(name);
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                if (p.toString().contains("/__pycache__")) {
                    continue;
                }
                Path q = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else {
                    Files.copy(p, q, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return to;
    }
}
