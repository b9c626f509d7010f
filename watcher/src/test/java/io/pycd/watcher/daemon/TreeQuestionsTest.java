package io.pycd.watcher.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeQuestionsTest {

    @TempDir
    Path tmp;

    @Test
    void askingIsSetUpOncePerProcessAndOnlyWhenADaemonsSocketIsThere() throws Exception {
        DaemonPaths paths = new DaemonPaths(tmp.resolve("run/pycd"), tmp.resolve("state"));
        assertThat(TreeQuestions.prepare(paths)).as("no socket: no daemon to ask").isFalse();

        Files.createDirectories(paths.socket().getParent());
        Files.createFile(paths.socket());
        TreeQuestions.prepare(paths); // sets it up, unless an earlier test in this JVM did
        assertThat(TreeQuestions.prepare(paths)).as("a second call sets up nothing").isFalse();
    }
}
