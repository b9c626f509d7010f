package io.pycd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** pycd startup's command line, in-process (the commands run here print nothing of their own). */
class StartupCommandTest {

    @Test
    void helpSaysTheCommandIsReallyRunAndWhatCannotBeSeen() {
        CliHarness.Result r = CliHarness.run("startup", "--help");
        assertThat(r.exit()).isZero();
        // compared as words: where --help wraps its lines is not the point
        assertThat(r.out().replaceAll("\\s+", " ")).contains("The command is really run", "python -I, -E or -S",
                "--fix", "--report", "Exit codes", "dont-write-bytecode");
    }

    @Test
    void everythingFromTheCommandOnIsTheCommands() {
        String python = CliHarness.python("3.12").executable().toString();
        CliHarness.Result r = CliHarness.run("startup", "-q", python, "-q", "-c", "import json");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.err()).startsWith("startup: exit 0 · ").doesNotContain("costliest");
        assertThat(r.err().lines()).hasSize(1);
    }

    @Test
    void usageErrors() {
        assertThat(CliHarness.run("startup").exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(CliHarness.run("startup", "--top", "-1", "true").exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(CliHarness.run("startup", "--format", "sarif", "true").exit()).isEqualTo(ExitCodes.USAGE);
    }
}
