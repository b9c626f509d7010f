package io.pycd.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pycd.testing.Processes;
import io.pycd.testing.Pythons;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The systemd user unit: systemd accepts it, and its start and stop commands run the release's daemon. */
class SystemdUnitTest {

    @TempDir
    Path tmp;

    private Path unit() {
        return Installed.image().resolve("share/systemd/user/pycd.service");
    }

    @Test
    void systemdAcceptsTheUnit() throws Exception {
        assumeTrue(Processes.exec(List.of("sh", "-c", "command -v systemd-analyze")).exit() == 0,
                "systemd-analyze is not installed");
        Path runtime = Files.createDirectory(tmp.resolve("run"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        Processes.Run r = Processes.exec(List.of("systemd-analyze", "--user", "verify", unit().toString()), null,
                Map.of("XDG_RUNTIME_DIR", runtime.toString(),
                        "MANPATH", Installed.image().resolve("share/man").toString()), null);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
    }

    /** ExecStart and ExecStop as systemd runs them ($$ is a literal $), with the variables of the environment file. */
    @Test
    void startWatchesTheConfiguredRootsAndStopEndsTheDaemon() throws Exception {
        Path python = Pythons.require("3.12");
        String start = command("ExecStart=");
        String stop = command("ExecStop=");
        Path root = Files.createDirectories(tmp.resolve("project"));
        Map<String, String> env = new HashMap<>(Map.of(
                "PYCD", Installed.image().resolve("bin/pycd").toString(),
                "PYCD_ROOTS", root.toString(),
                "PYCD_OPTIONS", "--python " + python,
                "XDG_RUNTIME_DIR", Files.createDirectories(tmp.resolve("run")).toString(),
                "XDG_STATE_HOME", tmp.resolve("state").toString()));
        Path pidFile = tmp.resolve("run/pycd/daemon.pid");
        try {
            Processes.exec(List.of("/bin/sh", "-c", start), tmp, env, null).ok();
            assertThat(pidFile).as("the unit's PIDFile").isRegularFile();
            Processes.Run status = Processes.exec(List.of(env.get("PYCD"), "daemon", "status"), tmp, env, null).ok();
            assertThat(status.out()).contains(root.toString());
        } finally {
            Processes.exec(List.of("/bin/sh", "-c", stop), tmp, env, null).ok();
        }
        assertThat(pidFile).doesNotExist();

        env.put("PYCD_ROOTS", "");
        Processes.Run none = Processes.exec(List.of("/bin/sh", "-c", start), tmp, env, null);
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err()).contains("set PYCD_ROOTS");
    }

    /** The shell script of a {@code /bin/sh -c '...'} line of the unit. */
    private String command(String key) throws Exception {
        String line = Files.readAllLines(unit()).stream().filter(l -> l.startsWith(key)).findFirst().orElseThrow();
        String prefix = key + "/bin/sh -c '";
        assertThat(line).startsWith(prefix).endsWith("'");
        return line.substring(prefix.length(), line.length() - 1).replace("$$", "$");
    }
}
