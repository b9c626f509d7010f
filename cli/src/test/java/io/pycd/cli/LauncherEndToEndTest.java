package io.pycd.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pycd.testing.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/pycd's first run in a checkout, where it builds the CLI with Maven before running it. The build runs in a copy
 * of the launcher beside a Maven project that builds nothing (the packaged jar stands in for its result), so the test
 * sees what the launcher adds around Maven without rebuilding this checkout while its tests run.
 */
class LauncherEndToEndTest {

    @TempDir
    Path tmp;

    @Test
    void theFirstRunsBuildLeavesNoTerminalCodesBeforeTheOutput() throws Exception {
        Path home = CliHarness.home();
        Path jar = home.resolve("cli/target/pycd.jar");
        assumeTrue(Files.isRegularFile(jar), "run after package: cli/target/pycd.jar");
        assumeTrue(Processes.exec(List.of("sh", "-c", "command -v mvn")).exit() == 0, "no mvn on PATH");
        Path copy = tmp.resolve("checkout");
        Files.createDirectories(copy.resolve("bin"));
        Files.copy(home.resolve("bin/pycd"), copy.resolve("bin/pycd"));
        Files.copy(home.resolve("bin/jvm.options"), copy.resolve("bin/jvm.options"));
        CliHarness.write(copy.resolve("pom.xml"),
                project("pycd-parent", "pom", "<modules><module>cli</module></modules>"));
        CliHarness.write(copy.resolve("cli/pom.xml"), project("pycd-cli", "pom", ""));
        CliHarness.write(copy.resolve(".mvn/maven.config"), "-o\n");
        Files.createDirectories(copy.resolve("cli/target"));
        Files.createSymbolicLink(copy.resolve("cli/target/pycd.jar"), jar);

        Map<String, String> env = new HashMap<>();
        env.put("PYCD_REBUILD", "1");
        Processes.Run r = Processes.exec(List.of(copy.resolve("bin/pycd").toString(), "--version"), tmp, env, null);

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).as("standard error").startsWith("pycd: building").doesNotContain("\u001b");
        assertThat(r.out()).as("standard output").startsWith("pycd ").doesNotContain("\u001b");
    }

    private static String project(String artifact, String packaging, String modules) {
        return "<project xmlns=\"http://maven.apache.org/POM/4.0.0\"><modelVersion>4.0.0</modelVersion>"
                + "<groupId>io.pycd.test</groupId><artifactId>" + artifact + "</artifactId><version>1</version>"
                + "<packaging>" + packaging + "</packaging>" + modules + "</project>\n";
    }
}
