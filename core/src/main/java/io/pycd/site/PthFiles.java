package io.pycd.site;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The folders a site-packages folder's {@code .pth} files add to {@code sys.path}, read as {@code site.addsitedir}
 * and {@code site.addpackage} read them: files named {@code *.pth} (not hidden), in sorted order; in each, lines
 * starting with {@code #} and blank lines are skipped, lines starting with {@code import} are code (run, not a path:
 * import hooks such as setuptools' {@code __editable___*_finder} are not followed), and any other line, stripped at
 * its end and joined to the site-packages folder, is a path. Only paths that are existing folders are taken (a zip
 * file on a .pth line is importable, but holds no source pycd could compile beside it).
 */
public final class PthFiles {

    private PthFiles() {
    }

    /** The folders named by {@code siteDir}'s .pth files, absolute and normalized, each once, in order. */
    public static List<Path> folders(Path siteDir) {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(siteDir, "*.pth")) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (!name.startsWith(".") && Files.isRegularFile(p)) {
                    names.add(name);
                }
            }
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
        names.sort(null);
        Set<Path> folders = new LinkedHashSet<>();
        for (String name : names) {
            for (String line : lines(siteDir.resolve(name))) {
                if (line.startsWith("#") || line.isBlank() || line.startsWith("import ") || line.startsWith("import\t")) {
                    continue;
                }
                try {
                    Path dir = siteDir.toAbsolutePath().resolve(line.stripTrailing()).normalize();
                    if (Files.isDirectory(dir)) {
                        folders.add(dir);
                    }
                } catch (RuntimeException e) {
                    // Not a path this file system can name: site would not find it either.
                }
            }
        }
        return List.copyOf(folders);
    }

    /** UTF-8, with or without a BOM (site tries that first from 3.13; a file in another encoding is skipped). */
    private static List<String> lines(Path pth) {
        try {
            String text = Files.readString(pth, StandardCharsets.UTF_8);
            if (text.startsWith("\uFEFF")) {
                text = text.substring(1);
            }
            return text.lines().toList();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }
}
