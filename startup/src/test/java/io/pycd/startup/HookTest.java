package io.pycd.startup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hook's folder is named after its content (so Python's cache of it is kept) and holds exactly its source. */
class HookTest {

    @TempDir
    Path tmp;

    @Test
    void theFolderIsNamedAfterTheHooksSha256AndHoldsItsSource() throws Exception {
        byte[] source = Hook.source();
        String expected = "hook-" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(source), 0, 6);
        Path folder = Hook.install(tmp);
        assertThat(folder.getFileName().toString()).isEqualTo(expected);
        try (var files = Files.list(folder)) {
            Path only = files.reduce((a, b) -> {
                throw new AssertionError("more than one file in " + folder);
            }).orElseThrow();
            assertThat(Files.readAllBytes(only)).isEqualTo(source);
        }
        assertThat(Hook.install(tmp)).isEqualTo(folder);
    }
}
