package io.pycd.tree;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The path below a root, as the walk, the filters and the daemon name it. */
class TreeRulesTest {

    @Test
    void relativeIsWhatRelativizeGivesForEveryKindOfPair() {
        List<String[]> pairs = List.of(
                new String[] {"/a/b", "/a/b/c/d.py"},
                new String[] {"/a/b", "/a/b/d.py"},
                new String[] {"/", "/x/y.py"},
                new String[] {"/a/b", "/a/b"},
                new String[] {"/a/b", "/a/bc/d.py"},
                new String[] {"/a/b", "/a/x.py"},
                new String[] {"/a/b", "/a/b/../c.py"},
                new String[] {"/a/./b", "/a/./b/c.py"},
                new String[] {"a/b", "a/b/c.py"},
                new String[] {"", "a/b.py"});
        for (String[] pair : pairs) {
            Path root = Path.of(pair[0]);
            Path path = Path.of(pair[1]);
            assertThat(TreeRules.relative(root, path)).as("%s below %s", path, root)
                    .isEqualTo(root.relativize(path).toString());
        }
        assertThat(TreeRules.relative(Path.of("/a/b"), Path.of("/a/b/c/d.py"))).isEqualTo("c/d.py");
    }
}
