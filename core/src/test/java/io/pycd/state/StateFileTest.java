package io.pycd.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pycd's state files: records written and read back; a file that is not UTF-8 is not read as one. */
class StateFileTest {

    @TempDir
    Path dir;

    @Test
    void recordsComeBackAsWritten() {
        StateFile file = new StateFile(dir.resolve("a/b.tsv"), "test-format 1");
        file.write(List.of(new String[] {"caf\u00e9", "tab\there", "line\nbreak"}, new String[] {"\uFFFD", "", "x"}));
        List<String[]> back = file.read(3);
        assertThat(back).hasSize(2);
        assertThat(back.get(0)).containsExactly("caf\u00e9", "tab\there", "line\nbreak");
        assertThat(back.get(1)).containsExactly("\uFFFD", "", "x");
    }

    @Test
    void textThatIsNotUtf8IsRefusedAndReadsAsNothing() throws Exception {
        Path p = dir.resolve("bad.tsv");
        Files.write(p, new byte[] {'t', 'e', 's', 't', '\n', 'a', '\t', (byte) 0xff, '\n'});
        assertThatThrownBy(() -> StateFile.text(p)).isInstanceOf(CharacterCodingException.class);
        assertThat(new StateFile(p, "test").read(2)).isEmpty();
        Files.writeString(p, "test\na\t\u00e9\n");
        assertThat(StateFile.text(p)).isEqualTo("test\na\t\u00e9\n");
        assertThat(new StateFile(p, "test").read(2)).hasSize(1);
    }

    @Test
    void aMissingOrForeignFileReadsAsNothing() throws Exception {
        assertThat(new StateFile(dir.resolve("none.tsv"), "test").read(1)).isEmpty();
        Files.writeString(dir.resolve("other.tsv"), "other 1\nx\n");
        assertThat(new StateFile(dir.resolve("other.tsv"), "test").read(1)).isEmpty();
    }

    /**
     * A replace leaves only the file, readable by its owner alone (state names the user's folders), and steps past a
     * temp name that a process which had this id before left behind.
     */
    @Test
    void aReplaceLeavesOnlyAnOwnerOnlyFileAndStepsPastLeftovers() throws Exception {
        Path file = dir.resolve("memo.tsv");
        String prefix = "memo.tsv." + ProcessHandle.current().pid() + "-";
        for (int i = 0; i < 200; i++) {
            Files.writeString(dir.resolve(prefix + i + ".tmp"), "left by a crash"); // whatever the counter is at
        }
        StateFile.replace(file, "one\n");
        StateFile.replace(file, "two\n");
        assertThat(Files.readString(file)).isEqualTo("two\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (var names = Files.list(dir)) {
            assertThat(names.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(prefix)))
                    .containsExactly("memo.tsv");
        }
        try (var names = Files.list(dir)) {
            assertThat(names.filter(p -> p.getFileName().toString().startsWith(prefix))).hasSize(200);
        }
    }
}
