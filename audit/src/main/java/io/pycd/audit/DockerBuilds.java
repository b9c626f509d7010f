package io.pycd.audit;

import io.pycd.audit.docker.DockerIgnore;
import io.pycd.audit.tree.WorkTreeScan;
import io.pycd.git.ignore.IgnoreFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Container builds and the ignore files that keep caches out of their images. Each build file found is taken to
 * be built with its own folder as the context (the common {@code docker build -f X .} next to it).
 */
public final class DockerBuilds {

    private DockerBuilds() {
    }

    /**
     * File names Docker's and Podman's tools take for a build: {@code Dockerfile}, {@code Containerfile},
     * {@code *.dockerfile}, {@code Dockerfile.*} and {@code Containerfile.*}, but not the per-build ignore files
     * ({@code Dockerfile.dockerignore}) that share the prefix.
     */
    public static boolean isBuildFile(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".dockerignore") || lower.endsWith(".containerignore")) {
            return false;
        }
        return name.equals("Dockerfile") || name.equals("Containerfile") || name.startsWith("Dockerfile.")
                || name.startsWith("Containerfile.") || (lower.endsWith(".dockerfile") && lower.length() > 11);
    }

    /**
     * The ignore file a build uses, repository-relative: BuildKit's {@code <build file>.dockerignore} beside it,
     * else Podman's {@code .containerignore} at the context root, else {@code .dockerignore} there (which is also
     * the file to create when none exists).
     */
    static String ignoreFile(Path workTree, String buildFile) {
        String context = context(buildFile);
        String prefix = context.isEmpty() ? "" : context + "/";
        for (String candidate : List.of(buildFile + ".dockerignore", prefix + ".containerignore")) {
            if (Files.isRegularFile(workTree.resolve(candidate))) {
                return candidate;
            }
        }
        return prefix + ".dockerignore";
    }

    /** The build context assumed: the build file's folder ("" for the root). */
    static String context(String buildFile) {
        int slash = buildFile.lastIndexOf('/');
        return slash < 0 ? "" : buildFile.substring(0, slash);
    }

    /**
     * The findings of every build whose context holds Python sources; {@code extra} maps a repository-relative
     * ignore file to lines taken as appended to it (what a fix would write).
     */
    static List<DockerFinding> findings(Path workTree, WorkTreeScan scan, Map<String, byte[]> extra) {
        List<DockerFinding> out = new ArrayList<>();
        List<String> files = new ArrayList<>(scan.dockerfiles());
        files.sort(null);
        for (String dockerfile : files) {
            String context = context(dockerfile);
            String shown = context.isEmpty() ? "." : context;
            List<Map.Entry<String, String>> inContext = new ArrayList<>();
            for (Map.Entry<String, String> f : scan.sourceFolders().entrySet()) {
                String dir = f.getKey();
                if (context.isEmpty() || dir.equals(context) || dir.startsWith(context + "/")) {
                    inContext.add(f);
                }
            }
            if (inContext.isEmpty()) {
                continue;
            }
            String ignoreRel = ignoreFile(workTree, dockerfile);
            byte[] content = IgnoreFiles.read(workTree.resolve(ignoreRel), false);
            byte[] more = extra.get(ignoreRel);
            if (content == null && more == null) {
                out.add(new DockerFinding.Missing(dockerfile, shown));
                continue;
            }
            DockerIgnore di = DockerIgnore.parse(Auditor.concat(content, more));
            for (Map.Entry<String, String> f : inContext) {
                String dir = f.getKey();
                String inCtx = context.isEmpty() ? dir : dir.equals(context) ? "" : dir.substring(context.length() + 1);
                for (CacheKind kind : CacheKind.values()) {
                    if (!di.excludes(kind.probe(inCtx, f.getValue()))) {
                        out.add(new DockerFinding.Gap(dockerfile, shown, ignoreRel, dir.isEmpty() ? "." : dir, kind,
                                kind.dockerRule()));
                    }
                }
            }
        }
        return out;
    }
}
