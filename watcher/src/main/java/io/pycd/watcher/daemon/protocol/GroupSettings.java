package io.pycd.watcher.daemon.protocol;

import io.pycd.settings.CompileSettings;
import io.pycd.tree.Glob;
import io.pycd.tree.TreeRules;
import io.pycd.watcher.WatchSettings;
import java.util.List;

/**
 * Everything a watch group is, resolved: how to compile (interpreters, levels, mode, layout, recorded names,
 * limits), what to walk (excludes, depth) and how to react (settle, poll, gitignore). A daemon keys its groups by
 * it: roots added with equal settings share one watcher and one worker pool. A record of records, so equality is by
 * value.
 *
 * @param excludes the exclude globs ({@code [tool.pycd] exclude}, then {@code --exclude}), as written
 * @param maxDepth folder levels below each root, -1 for all
 */
public record GroupSettings(CompileSettings compile, List<String> excludes, int maxDepth, WatchSettings watch) {

    public GroupSettings {
        excludes = List.copyOf(excludes);
        excludes.forEach(Glob::compile); // a bad glob is refused here, not in a daemon's watcher
    }

    /** The excludes as the walk uses them. */
    public TreeRules rules() {
        return new TreeRules(excludes.stream().map(Glob::compile).toList());
    }
}
