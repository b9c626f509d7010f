package io.pycd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What Main answers before building any command model. */
class MainTest {

    @Test
    void versionWithoutTheModelPrintsWhatPicocliPrints() {
        String viaPicocli = CliHarness.run("--version").out();
        assertThat(viaPicocli).startsWith("pycd ");
        assertThat(fastPath("--version")).isEqualTo(viaPicocli);
        assertThat(fastPath("-V")).isEqualTo(viaPicocli);
    }

    private static String fastPath(String arg) {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            assertThat(Main.run(arg)).isZero();
        } finally {
            System.setOut(old);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
