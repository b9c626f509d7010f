package io.pycd.audit.tree;

import io.pycd.audit.git.TrackedFiles;
import io.pycd.audit.ignore.GitIgnoreRules;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One walk of a working tree: the folders holding Python sources (tracked, untracked or ignored) and the
 * Dockerfiles.
 *
 * <p>Folders the git rules exclude are skipped whole (a cache inside is ignored with them), as are {@code .git},
 * {@code __pycache__} and nested repositories (their own audit). Entry types come from the index where it knows
 * them, so a tracked tree is walked with one directory read per folder and no {@code stat} per file.
 *
 * @param sourceFolders folder ("" for the root) to the first module name in it, sorted by folder
 * @param dockerfiles   repository-relative paths of {@code Dockerfile}s and {@code Containerfile}s
 * @param unreadable    folders that could not be listed
 */
public record WorkTreeScan(SortedMap<String, String> sourceFolders, List<String> dockerfiles,
                           List<String> unreadable) {

    /** File names that define a container build. */
    public static boolean isContainerfile(String name) {
        return name.equals("Dockerfile") || name.equals("Containerfile");
    }

    public static WorkTreeScan scan(Path workTree, GitIgnoreRules rules, TrackedFiles tracked) {
        Walker w = new Walker(rules, tracked);
        w.walk(workTree, "");
        return new WorkTreeScan(w.sources, w.dockerfiles, w.unreadable);
    }

    private static final class Walker {
        final GitIgnoreRules rules;
        final TrackedFiles tracked;
        final SortedMap<String, String> sources = new TreeMap<>();
        final List<String> dockerfiles = new ArrayList<>();
        final List<String> unreadable = new ArrayList<>();

        Walker(GitIgnoreRules rules, TrackedFiles tracked) {
            this.rules = rules;
            this.tracked = tracked;
        }

        void walk(Path dir, String rel) {
            List<Path> children = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                for (Path p : ds) {
                    children.add(p);
                }
            } catch (IOException | SecurityException e) {
                unreadable.add(rel.isEmpty() ? "." : rel);
                return;
            }
            if (!rel.isEmpty()) {
                for (Path p : children) {
                    if (p.getFileName().toString().equals(".git")) {
                        return; // a nested repository or submodule: audited on its own
                    }
                }
            }
            String prefix = rel.isEmpty() ? "" : rel + "/";
            List<Path> subdirs = new ArrayList<>();
            List<String> subRels = new ArrayList<>();
            for (Path p : children) {
                String name = p.getFileName().toString();
                if (name.equals(".git")) {
                    continue;
                }
                String childRel = prefix + name;
                boolean isDir;
                if (tracked.contains(childRel)) {
                    isDir = false; // a tracked file, symlink or submodule
                } else if (tracked.isFolder(childRel)) {
                    isDir = true;
                } else if (name.endsWith(".py")) {
                    isDir = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
                } else {
                    try {
                        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class,
                                LinkOption.NOFOLLOW_LINKS);
                        isDir = a.isDirectory();
                    } catch (IOException e) {
                        continue; // vanished while walking
                    }
                }
                if (isDir) {
                    if (!name.equals("__pycache__")) {
                        subdirs.add(p);
                        subRels.add(childRel);
                    }
                } else if (name.endsWith(".py") && name.length() > 3) {
                    String module = name.substring(0, name.length() - 3);
                    sources.merge(rel, module, (a, b) -> a.compareTo(b) <= 0 ? a : b);
                } else if (WorkTreeScan.isContainerfile(name)) {
                    dockerfiles.add(childRel);
                }
            }
            for (int i = 0; i < subdirs.size(); i++) {
                if (!rules.isFolderExcluded(subRels.get(i))) {
                    walk(subdirs.get(i), subRels.get(i));
                }
            }
        }
    }
}
