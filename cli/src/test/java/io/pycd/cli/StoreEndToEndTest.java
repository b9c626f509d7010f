package io.pycd.cli;

import static io.pycd.cli.CliHarness.binPycd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/pycd store with the store's variables set, as a user (or a CI job) sets them. */
class StoreEndToEndTest {

    @TempDir
    Path tmp;

    @BeforeAll
    static void packaged() {
        assumeTrue(Files.isRegularFile(CliHarness.home().resolve("cli/target/pycd.jar")),
                "run after package: cli/target/pycd.jar");
    }

    @Test
    void pycdStoreAndItsLimitComeFromTheEnvironment() {
        Path store = tmp.resolve("ci-cache/pycd");
        CliHarness.Result r = binPycd(tmp, Map.of("PYCD_STORE", store.toString(), "PYCD_STORE_MAX_SIZE", "500M"),
                List.of(), null, "store", "--format", "json");
        assertThat(r.exit()).as(r.toString()).isZero();
        JsonNode doc = r.json();
        assertThat(doc.get("path").asText()).isEqualTo(store.toString());
        assertThat(doc.get("max_bytes").asLong()).isEqualTo(500L << 20);
        assertThat(doc.get("entries").asLong()).isZero();
        assertThat(store).as("looking creates nothing").doesNotExist();

        CliHarness.Result bad = binPycd(tmp, Map.of("PYCD_STORE", store.toString(), "PYCD_STORE_MAX_SIZE", "big"),
                List.of(), null, "store");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("PYCD_STORE_MAX_SIZE: 'big' is not a size");
    }

    @Test
    void aStoreThatIsNotAFolderIsAProblemNotACrash() {
        Path notAFolder = CliHarness.write(tmp.resolve("file"), "x\n");
        CliHarness.Result r = binPycd(tmp, Map.of("PYCD_STORE", notAFolder.toString()), List.of(), null, "store");
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains(notAFolder + " is not a folder; compiles do not use the store");
    }
}
