package io.pycd.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Each command offers the formats of its output mixin, and only those. */
class OutputFlagsTest {

    @Command(name = "plain")
    static final class Plain {
        @Mixin
        OutputOptions output;
    }

    @Command(name = "reporting")
    static final class Reporting {
        @Mixin
        SarifOutputOptions output;
    }

    @Test
    void aCommandTakesItsOwnFormatsAndRefusesTheOthers() {
        Reporting reporting = new Reporting();
        new CommandLine(reporting).parseArgs("--format", "sarif", "-q");
        assertThat(reporting.output.format()).isEqualTo(OutputFlags.Format.sarif);
        assertThat(reporting.output.quiet()).isTrue();
        Plain plain = new Plain();
        new CommandLine(plain).parseArgs();
        assertThat(plain.output.format()).isEqualTo(OutputFlags.Format.text);
        assertThatThrownBy(() -> new CommandLine(new Plain()).parseArgs("--format", "sarif"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessage("plain offers --format text or json, not 'sarif'");
        assertThatThrownBy(() -> new CommandLine(new Reporting()).parseArgs("--format", "html"))
                .hasMessage("reporting offers --format text, json or sarif, not 'html'");
    }
}
