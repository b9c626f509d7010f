package io.pycd.watcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What git would have done: only folders left empty go, up to the root and never the root, never through a link. */
class EmptyFoldersTest {

    @TempDir
    Path tmp;

    @Test
    void anEmptiedPackageGoesWithItsEmptyParentsButNotTheRoot() throws Exception {
        Path root = tmp.toRealPath();
        Path deep = Files.createDirectories(root.resolve("a/b/c/__pycache__")).getParent();
        assertThat(EmptyFolders.removeAfterCaches(deep, root))
                .containsExactly(root.resolve("a/b/c"), root.resolve("a/b"), root.resolve("a"));
        assertThat(root).isDirectory();

        Files.createDirectories(root.resolve("__pycache__"));
        assertThat(EmptyFolders.removeAfterCaches(root, root)).isEmpty();
        assertThat(root.resolve("__pycache__")).doesNotExist();
        assertThat(root).isDirectory();
    }

    @Test
    void aFolderHoldingAnythingElseStaysAndSoDoesEveryFolderAboveIt() throws Exception {
        Path root = tmp.toRealPath();
        Path c = Files.createDirectories(root.resolve("a/b/c/__pycache__")).getParent();
        Files.writeString(root.resolve("a/b/README"), "kept");
        assertThat(EmptyFolders.removeAfterCaches(c, root)).containsExactly(c);
        assertThat(root.resolve("a/b/README")).exists();

        Path d = Files.createDirectories(root.resolve("d/__pycache__")).getParent();
        Files.writeString(root.resolve("d/__pycache__/m.cpython-312.pyc"), "still a cache of a source");
        assertThat(EmptyFolders.removeAfterCaches(d, root)).isEmpty();
        assertThat(d.resolve("__pycache__")).isDirectory();

        Path e = Files.createDirectories(root.resolve("e"));
        Files.writeString(e.resolve("data.json"), "{}");
        assertThat(EmptyFolders.removeAfterCaches(e, root)).isEmpty();
        assertThat(e).isDirectory();
    }

    @Test
    void nothingIsRemovedThroughASymlink() throws Exception {
        Path root = tmp.toRealPath().resolve("root");
        Path outside = Files.createDirectories(tmp.toRealPath().resolve("outside/pkg/__pycache__")).getParent();
        Files.createDirectories(root);
        Files.createSymbolicLink(root.resolve("link"), outside.getParent());
        assertThat(EmptyFolders.removeAfterCaches(root.resolve("link/pkg"), root)).isEmpty();
        assertThat(outside.resolve("__pycache__")).isDirectory();

        Path target = Files.createDirectories(tmp.toRealPath().resolve("target"));
        Files.createSymbolicLink(root.resolve("pkglink"), target);
        assertThat(EmptyFolders.removeAfterCaches(root.resolve("pkglink"), root)).isEmpty();
        assertThat(root.resolve("pkglink")).isSymbolicLink();
        assertThat(target).isDirectory();
    }
}
