package io.pycd.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Each command offers the formats of its output options, and only those. */
class OutputFlagsTest {

    /** A command named {@code name} with {@code output}'s options. */
    private static CommandLine command(String name, OutputFlags output) {
        CommandSpec spec = Specs.command(name, null);
        output.addTo(spec);
        return new CommandLine(spec);
    }

    @Test
    void aCommandTakesItsOwnFormatsAndRefusesTheOthers() {
        SarifOutputOptions reporting = new SarifOutputOptions();
        command("reporting", reporting).parseArgs("--format", "sarif", "-q");
        assertThat(reporting.format()).isEqualTo(OutputFlags.Format.sarif);
        assertThat(reporting.quiet()).isTrue();
        OutputOptions plain = new OutputOptions();
        command("plain", plain).parseArgs();
        assertThat(plain.format()).isEqualTo(OutputFlags.Format.text);
        assertThat(plain.quiet()).isFalse();
        assertThatThrownBy(() -> command("plain", new OutputOptions()).parseArgs("--format", "sarif"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessage("plain offers --format text or json, not 'sarif'");
        assertThatThrownBy(() -> command("reporting", new SarifOutputOptions()).parseArgs("--format", "html"))
                .hasMessage("reporting offers --format text, json or sarif, not 'html'");
    }
}
