package io.pycd.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pycd.testing.CacheOracle;
import io.pycd.testing.Processes;
import io.pycd.testing.Pythons;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The wheel, installed by pip into a fresh virtual environment, offline, the way pip, pipx and uv tool install it. */
class WheelTest {

    @TempDir
    Path tmp;

    @Test
    void pipInstallsItOfflineAndPycdRunsFromTheEnvironmentAndThroughASymlink() throws Exception {
        Path wheel = Installed.wheel();
        Path python = Pythons.require("3.12");
        Path venv = tmp.resolve("venv");
        Processes.Run made = Processes.exec(List.of(python.toString(), "-m", "venv", venv.toString()));
        assumeTrue(made.exit() == 0, "python3.12 cannot make a virtual environment: " + made.err());
        Processes.exec(List.of(venv.resolve("bin/python").toString(), "-m", "pip", "install", "--no-index",
                "--no-deps", "--disable-pip-version-check", "-q", wheel.toString()), null,
                Map.of("PIP_CONFIG_FILE", "/dev/null"), null).ok();

        Path tools = Installed.bareTools(tmp.resolve("tools"));
        Path pycd = venv.resolve("bin/pycd");
        assertThat(Installed.run(tools, tmp, Map.of(), pycd.toString(), "--version").ok().out())
                .isEqualTo("pycd " + Installed.version() + "\n");
        Path project = tmp.resolve("project");
        Path source = Files.writeString(Files.createDirectories(project).resolve("m.py"), "X = 1\n");
        Installed.run(tools, project, Installed.requireStartupCache(venv.resolve("share/pycd")), pycd.toString(),
                "compile", "-q", "--python", python.toString(), ".").ok();
        CacheOracle.check(python, 0, "timestamp", null, List.of(new CacheOracle.Entry(source,
                project.resolve("__pycache__/m.cpython-312.pyc"), null)), List.of(), tmp).assertRight();

        // pipx and uv tool link the environment's script into ~/.local/bin
        Files.createSymbolicLink(tools.resolve("pycd"), pycd);
        assertThat(Installed.run(tools, project, Map.of(), "pycd", "status", "--check", "--python",
                python.toString(), ".").ok().out()).contains("fresh 1");

        // man and the shells find these beside a bin/ on PATH
        assertThat(venv.resolve("share/man/man1/pycd-compile.1")).isRegularFile();
        assertThat(venv.resolve("share/bash-completion/completions/pycd")).isRegularFile();
        assertThat(venv.resolve("share/fish/vendor_completions.d/pycd.fish")).isRegularFile();
        assertThat(venv.resolve("share/systemd/user/pycd.service")).isRegularFile();
    }

    @Test
    void recordListsEveryFileWithItsHashAndSize() throws Exception {
        try (ZipFile zip = new ZipFile(Installed.wheel().toFile())) {
            String dist = "pycd-" + pep440(Installed.version());
            ZipEntry recordEntry = zip.getEntry(dist + ".dist-info/RECORD");
            assertThat(recordEntry).isNotNull();
            Map<String, String> record = new HashMap<>();
            try (InputStream in = zip.getInputStream(recordEntry)) {
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    int comma = line.indexOf(',');
                    record.put(line.substring(0, comma), line.substring(comma + 1));
                }
            }
            assertThat(record.get(dist + ".dist-info/RECORD")).isEqualTo(",");
            int files = 0;
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                if (entry.getName().endsWith("/RECORD")) {
                    continue;
                }
                byte[] data;
                try (InputStream in = zip.getInputStream(entry)) {
                    data = in.readAllBytes();
                }
                String hash = Base64.getUrlEncoder().withoutPadding()
                        .encodeToString(MessageDigest.getInstance("SHA-256").digest(data));
                assertThat(record.get(entry.getName())).as(entry.getName())
                        .isEqualTo("sha256=" + hash + "," + data.length);
                files++;
            }
            assertThat(record).hasSize(files + 1);
            assertThat(zip.getEntry(dist + ".data/scripts/pycd")).isNotNull();
            assertThat(zip.getEntry(dist + ".data/data/share/pycd/runtime/bin/java")).isNotNull();
        }
    }

    private static String pep440(String version) {
        return version.endsWith("-SNAPSHOT") ? version.replace("-SNAPSHOT", ".dev0") : version;
    }
}
