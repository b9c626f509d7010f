package io.pycd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DaemonFirstTest {

    @Test
    void compileAndStatusAskADaemonUnlessForced() {
        assertThat(DaemonFirst.asks(new String[] {"compile", "-q", "src"})).isTrue();
        assertThat(DaemonFirst.asks(new String[] {"status"})).isTrue();
        assertThat(DaemonFirst.asks(new String[] {"compile", "--force", "src"})).isFalse();
        assertThat(DaemonFirst.asks(new String[] {"compile", "src", "-f"})).isFalse();
        assertThat(DaemonFirst.asks(new String[] {"clean", "src"})).isFalse();
        assertThat(DaemonFirst.asks(new String[] {"--help"})).isFalse();
        assertThat(DaemonFirst.asks(new String[0])).isFalse();
    }
}
