package io.pycd.site;

import static org.assertj.core.api.Assertions.assertThat;

import io.pycd.testing.TestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** .pth files read as site.addpackage reads them: paths followed, code and hooks not. */
class PthFilesTest {

    @TempDir
    Path tmp;

    @Test
    void pathLinesAreFollowedCodeCommentsAndMissingFoldersAreNot() throws Exception {
        Path site = Files.createDirectories(tmp.resolve("venv/lib/python3.12/site-packages"));
        Path src = Files.createDirectories(tmp.resolve("work/proj/src"));
        Path other = Files.createDirectories(tmp.resolve("work/other"));
        Files.createDirectories(tmp.resolve("venv/relative"));
        TestFiles.write(tmp.resolve("work/a-file"), "not a folder");
        // setuptools' two kinds of editable install: a path (compat/lenient mode) and an import hook.
        TestFiles.write(site.resolve("__editable__.proj-0.1.pth"), src + "\n");
        TestFiles.write(site.resolve("__editable__.hooked-0.1.pth"),
                "import __editable___hooked_0_1_finder; __editable___hooked_0_1_finder.install()\n");
        TestFiles.write(site.resolve("b.pth"), "# a comment\n\n   \n" + other + "   \n../../../relative\n"
                + tmp.resolve("work/missing") + "\n" + tmp.resolve("work/a-file") + "\nimport\tsys\n" + src + "\n");
        TestFiles.write(site.resolve(".hidden.pth"), tmp.resolve("work") + "\n");
        TestFiles.write(site.resolve("not-a-pth.txt"), tmp.resolve("work") + "\n");
        TestFiles.write(site.resolve("bom.pth"), "\uFEFF" + other + "\n");

        assertThat(PthFiles.folders(site))
                .containsExactly(src, other, tmp.resolve("venv/relative"));
    }

    @Test
    void aFolderWithoutPthFilesNamesNothing() {
        assertThat(PthFiles.folders(tmp)).isEmpty();
        assertThat(PthFiles.folders(tmp.resolve("missing"))).isEmpty();
    }
}
