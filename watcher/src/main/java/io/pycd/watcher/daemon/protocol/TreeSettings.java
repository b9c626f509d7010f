package io.pycd.watcher.daemon.protocol;

import io.pycd.settings.CodeFileNames;
import io.pycd.settings.CompileSettings;
import io.pycd.tree.Glob;
import io.pycd.tree.TreeRules;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code pycd compile} or {@code pycd status} resolved: how caches are compiled and what the walk leaves out. A
 * daemon answers for them from a watch group of the same compile settings and walk rules that does not leave out what
 * git ignores (a walk does not), so that its sources are the walk's.
 *
 * @param excludes the exclude globs ({@code [tool.pycd] exclude}, then {@code --exclude}), as written
 * @param maxDepth folder levels below each root, -1 for all
 */
public record TreeSettings(CompileSettings compile, List<String> excludes, int maxDepth) {

    public TreeSettings {
        excludes = List.copyOf(excludes);
        for (String exclude : excludes) {
            Glob.compile(exclude); // a bad glob is refused here, not in the daemon
        }
    }

    /** The excludes as the walk uses them. */
    public TreeRules rules() {
        List<Glob> globs = new ArrayList<>(excludes.size());
        for (String exclude : excludes) {
            globs.add(Glob.compile(exclude));
        }
        return new TreeRules(globs);
    }

    /** Whether a watch group of {@code group} knows the sources and caches a walk with these settings would find. */
    public boolean sameTreeAs(GroupSettings group) {
        return compile.equals(group.compile()) && excludes.equals(group.excludes()) && maxDepth == group.maxDepth()
                && !group.watch().respectGitignore();
    }

    /**
     * Why what a watcher knows of a folder could differ from what a walk of it with these settings finds, or null.
     * {@code -d}, {@code -s} and {@code -p} record names built from the path as the user wrote it; below a watched
     * root ({@code belowRoot}), {@code --max-depth} and excludes with a {@code /} count from the folder walked.
     */
    public String whyAWalkCouldDiffer(boolean belowRoot) {
        if (!compile.codeFileNames().equals(CodeFileNames.absolute())) {
            return "-d, -s and -p record names built from PATH as written";
        }
        if (belowRoot && maxDepth >= 0) {
            return "--max-depth counts from PATH, not from the watched root";
        }
        if (belowRoot) {
            for (String exclude : excludes) {
                if (Glob.compile(exclude).anchored()) {
                    return "excludes with a / match paths from PATH, not from the watched root";
                }
            }
        }
        return null;
    }
}
