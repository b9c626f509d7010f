package io.pycd.settings;

import io.pycd.tree.SourceFile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The file name recorded in the code ({@code co_filename}). By default it is the source's absolute, normalized
 * path: what import itself records for a module found on an absolute {@code sys.path} entry, whichever way the tree
 * was named on the command line, so that compile and watch write the same bytes. compileall's {@code -d}, {@code -s}
 * and {@code -p} build it as compileall does, from the path as reached from the root given.
 *
 * @param ddir       {@code -d}: a folder to record in place of the root
 * @param stripDir   {@code -s}: leading path parts to strip
 * @param prependDir {@code -p}: a folder to put in front (after stripping)
 */
public record CodeFileNames(Optional<String> ddir, Optional<String> stripDir, Optional<String> prependDir) {

    public CodeFileNames {
        if (ddir.isPresent() && (stripDir.isPresent() || prependDir.isPresent())) {
            throw new IllegalArgumentException("--ddir cannot be combined with --strip-dir or --prepend-dir");
        }
    }

    /** No {@code -d}, {@code -s}, {@code -p}: the absolute path. */
    public static CodeFileNames absolute() {
        return new CodeFileNames(Optional.empty(), Optional.empty(), Optional.empty());
    }

    public String dfileFor(SourceFile source) {
        if (ddir.isEmpty() && stripDir.isEmpty() && prependDir.isEmpty()) {
            return source.path().toAbsolutePath().normalize().toString();
        }
        String fullname = source.path().toString();
        String dfile = null;
        if (ddir.isPresent()) {
            String below = source.relative().isEmpty() ? source.path().getFileName().toString() : source.relative();
            dfile = join(List.of(ddir.get(), below));
        }
        if (stripDir.isPresent()) {
            List<String> fullParts = Arrays.asList(fullname.split("/", -1));
            List<String> stripParts = Arrays.asList(stripDir.get().split("/", -1));
            List<String> kept = new ArrayList<>(fullParts);
            // compileall removes, for each position where the two agree, the first part equal to it.
            for (int i = 0; i < Math.min(fullParts.size(), stripParts.size()); i++) {
                if (stripParts.get(i).equals(fullParts.get(i))) {
                    kept.remove(stripParts.get(i));
                }
            }
            dfile = join(kept);
        }
        if (prependDir.isPresent()) {
            dfile = join(List.of(prependDir.get(), dfile == null ? fullname : dfile));
        }
        return dfile == null ? fullname : dfile;
    }

    /** {@code os.path.join} on POSIX. */
    static String join(List<String> parts) {
        if (parts.isEmpty()) {
            return "";
        }
        StringBuilder path = new StringBuilder(parts.get(0));
        for (String b : parts.subList(1, parts.size())) {
            if (b.startsWith("/")) {
                path.setLength(0);
                path.append(b);
            } else if (path.length() == 0 || path.charAt(path.length() - 1) == '/') {
                path.append(b);
            } else {
                path.append('/').append(b);
            }
        }
        return path.toString();
    }
}
