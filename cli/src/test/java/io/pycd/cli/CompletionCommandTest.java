package io.pycd.cli;

import static io.pycd.cli.CliHarness.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pycd.testing.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pycd completion: each script, loaded by the real shell, completes commands, options and option values. */
class CompletionCommandTest {

    @TempDir
    Path tmp;

    @Test
    void bashCompletesCommandsOptionsAndValues() throws Exception {
        Path script = script("bash");
        assertThat(bash(script, "pycd", "com")).contains("compile", "completion").doesNotContain("clean");
        assertThat(bash(script, "pycd", "compile", "--form")).containsExactly("--format");
        assertThat(bash(script, "pycd", "compile", "--format", "")).containsExactlyInAnyOrder("text", "json");
        assertThat(bash(script, "pycd", "audit", "--format", "")).containsExactlyInAnyOrder("text", "json", "sarif");
        assertThat(bash(script, "pycd", "daemon", "st")).contains("start", "status", "stop");
    }

    @Test
    void zshLoadsTheSameScriptThroughBashcompinit() throws Exception {
        assumeTrue(onPath("zsh"), "zsh is not installed");
        Path script = script("zsh");
        Processes.Run r = Processes.exec(List.of("zsh", "-f", "-c",
                "autoload -U +X compinit && compinit -u -D; source " + script + "; print -r -- ${_comps[pycd]}")).ok();
        assertThat(r.out()).contains("_complete_pycd");
    }

    @Test
    void fishCompletesCommandsOptionsAndValues() throws Exception {
        assumeTrue(onPath("fish"), "fish is not installed");
        Path script = script("fish");
        assertThat(fish(script, "pycd com")).containsExactlyInAnyOrder("compile", "completion");
        assertThat(fish(script, "pycd daemon ")).contains("start", "status", "stop");
        assertThat(fish(script, "pycd compile --format ")).containsExactlyInAnyOrder("text", "json");
        assertThat(fish(script, "pycd audit --format ")).containsExactlyInAnyOrder("text", "json", "sarif");
        assertThat(fish(script, "pycd compile --form")).containsExactly("--format");
        assertThat(fish(script, "pycd audit --")).contains("--fix", "--format").doesNotContain("--python");
    }

    @Test
    void anUnknownShellIsAUsageError() {
        CliHarness.Result r = run("completion", "tcsh");
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("tcsh");
    }

    private Path script(String shell) throws Exception {
        CliHarness.Result r = run("completion", shell);
        assertThat(r.exit()).as(r.toString()).isZero();
        return Files.writeString(tmp.resolve("pycd." + shell), r.out());
    }

    /** What bash's completion function offers for the words typed, the cursor after the last one. */
    private static List<String> bash(Path script, String... words) {
        StringBuilder typed = new StringBuilder();
        for (String w : words) {
            typed.append(" '").append(w).append('\'');
        }
        String line = String.join(" ", words);
        Processes.Run r = Processes.exec(List.of("bash", "--norc", "-c", "source " + script
                + "; COMP_WORDS=(" + typed + "); COMP_CWORD=" + (words.length - 1) + "; COMP_LINE='" + line
                + "'; COMP_POINT=${#COMP_LINE}; _complete_pycd 2>/dev/null; printf '%s\\n' \"${COMPREPLY[@]}\"")).ok();
        return r.out().lines().filter(l -> !l.isBlank()).map(String::strip).toList();
    }

    /** What fish offers for {@code line}, without the descriptions. */
    private static List<String> fish(Path script, String line) {
        Processes.Run r = Processes.exec(List.of("fish", "--no-config", "-c",
                "source " + script + "; complete -C '" + line + "'")).ok();
        return r.out().lines().map(l -> l.split("\t", 2)[0]).toList();
    }

    private static boolean onPath(String program) {
        return Processes.exec(List.of("sh", "-c", "command -v " + program)).exit() == 0;
    }
}
