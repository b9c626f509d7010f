package io.pycd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pycd.testing.Processes;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

    /**
     * Logback (over 200 classes) is for the commands that log: asking for the version or help, or giving no command,
     * never loads it. A separate JVM, as a user starts it, lists every class it loads.
     */
    @Test
    void versionHelpAndNoCommandLoadNoLogging() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        for (List<String> args : List.of(List.of("--version"), List.of("--help"), List.<String>of())) {
            List<String> cmd = new ArrayList<>(List.of(java.toString(), "-Xlog:class+load=info", "-cp",
                    System.getProperty("java.class.path"), Main.class.getName()));
            cmd.addAll(args);
            Processes.Run r = Processes.exec(cmd);
            assertThat(r.out()).as("%s", args).contains("io.pycd.cli.Main ").doesNotContain("ch.qos.logback");
            assertThat(r.exit()).as("%s", args).isEqualTo(args.isEmpty() ? ExitCodes.USAGE : ExitCodes.OK);
        }
        // the check can fail: naming LogSetup (a Logback configurator, no main method) loads Logback's classes
        Processes.Run logging = Processes.exec(List.of(java.toString(), "-Xlog:class+load=info", "-cp",
                System.getProperty("java.class.path"), LogSetup.class.getName()));
        assertThat(logging.out()).as("the check itself sees Logback when it loads").contains("ch.qos.logback");
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
