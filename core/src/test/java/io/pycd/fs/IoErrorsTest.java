package io.pycd.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The words pycd prints after a path, whichever of Java's two file APIs failed. */
class IoErrorsTest {

    @TempDir
    Path tmp;

    @Test
    void javaIoFailuresGiveTheOperatingSystemsReasonWithoutThePath() {
        FileNotFoundException folder = catchThrowableOfType(() -> new FileInputStream(tmp.toString()).close(),
                FileNotFoundException.class);
        assertThat(IoErrors.describe(folder)).isEqualTo("Is a directory");
        FileNotFoundException missing = catchThrowableOfType(
                () -> new FileInputStream(tmp.resolve("nope (x)").toString()).close(), FileNotFoundException.class);
        assertThat(IoErrors.describe(missing)).isEqualTo("No such file or directory");
    }

    @Test
    void permissionDeniedReadsTheSameFromEitherApi() {
        assertThat(IoErrors.describe(new AccessDeniedException("/x"))).isEqualTo("permission denied");
        // what java.io says when open(2) fails with EACCES (root, who runs these tests, is never refused)
        assertThat(IoErrors.describe(new FileNotFoundException("/x (Permission denied)")))
                .isEqualTo("permission denied");
    }
}
