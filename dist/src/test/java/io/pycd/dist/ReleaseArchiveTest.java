package io.pycd.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.pycd.cli.Main;
import io.pycd.testing.CacheOracle;
import io.pycd.testing.Processes;
import io.pycd.testing.Pythons;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The archive as a user gets it: unpacked into a new folder, run with no Java or Maven on PATH, from another folder
 * and through a symlink, then moved and run again from its start-up cache.
 */
class ReleaseArchiveTest {

    private static final long LIMIT = 40_000_000;

    @TempDir
    Path tmp;

    @Test
    void runsWithoutJavaFromAnyFolderAndAfterAMoveStillFromItsStartupCache() throws Exception {
        Path archive = Installed.archive();
        assertThat(Files.size(archive)).as("archive size").isLessThan(LIMIT);
        Path python = Pythons.require("3.12");
        Path tools = Installed.bareTools(tmp.resolve("tools"));
        Path first = Files.createDirectories(tmp.resolve("first"));
        Processes.exec(List.of("tar", "-xzf", archive.toString(), "-C", first.toString())).ok();
        Path home = first.resolve(Installed.name());
        Path project = tmp.resolve("project");
        Path source = Files.writeString(Files.createDirectories(project.resolve("pkg")).resolve("mod.py"), "X = 1\n");
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));

        Processes.Run version = Installed.run(tools, elsewhere, Map.of(), home.resolve("bin/pycd").toString(),
                "--version").ok();
        assertThat(version.out()).isEqualTo("pycd " + Installed.version() + "\n");
        Installed.run(tools, elsewhere, Map.of(), home.resolve("bin/pycd").toString(),
                "compile", "-q", "--python", python.toString(), project.toString()).ok();
        Path cache = project.resolve("pkg/__pycache__/mod.cpython-312.pyc");
        assertThat(CacheOracle.check(python, 0, "timestamp", null,
                List.of(new CacheOracle.Entry(source, cache, null)), List.of(), tmp).assertRight()).isEqualTo(1);
        Processes.Run status = Installed.run(tools, project, Map.of(), home.resolve("bin/pycd").toString(),
                "status", "--check", "--python", python.toString(), ".").ok();

        Path second = tmp.resolve("second");
        Files.move(first, second);
        Path moved = second.resolve(Installed.name());
        Files.createSymbolicLink(tools.resolve("pycd"), moved.resolve("bin/pycd"));
        Map<String, String> cacheOnly = Installed.requireStartupCache(moved);
        Processes.Run movedVersion = Installed.run(tools, elsewhere, cacheOnly, "pycd", "--version").ok();
        assertThat(movedVersion.out()).isEqualTo(version.out());
        assertThat(Installed.err(movedVersion)).isEmpty();
        Processes.Run movedStatus = Installed.run(tools, project, cacheOnly, "pycd",
                "status", "--check", "--python", python.toString(), ".").ok();
        assertThat(movedStatus.out()).isEqualTo(status.out());
        Files.writeString(source, "X = 2\n");
        Installed.run(tools, project, cacheOnly, "pycd", "compile", "-q", "--python", python.toString(), ".").ok();
        CacheOracle.check(python, 0, "timestamp", null, List.of(new CacheOracle.Entry(source, cache, null)),
                List.of(), tmp).assertRight();
    }

    @Test
    void theWheelIsUnderTheLimitToo() throws Exception {
        assertThat(Files.size(Installed.wheel())).as("wheel size").isLessThan(LIMIT);
    }

    @Test
    void shipsAManPageForEveryCommandAndTheCompletions() throws Exception {
        Path home = Installed.image();
        List<String> pages = new ArrayList<>();
        collect(Main.commandLine(), "pycd", pages);
        for (String page : pages) {
            Path file = home.resolve("share/man/man1/" + page + ".1");
            assertThat(file).as(page).isRegularFile();
            assertThat(Files.readString(file)).contains(".TH \"" + page.toUpperCase().replace("-", "\\-") + "\" \"1\"")
                    .contains(".SH \"NAME\"").contains(".SH \"SYNOPSIS\"");
        }
        assertThat(pages).contains("pycd", "pycd-compile", "pycd-daemon-start");
        assertThat(Files.readString(home.resolve("share/bash-completion/completions/pycd")))
                .contains("complete -F _complete_pycd");
        assertThat(Files.readString(home.resolve("share/fish/vendor_completions.d/pycd.fish")))
                .contains("complete -c pycd");
        assertThat(home.resolve("share/zsh/pycd.zsh")).isRegularFile();
    }

    @Test
    void namesTheRuntimeItWasLinkedFrom() throws Exception {
        Path home = Installed.image();
        String runtime = Files.readString(home.resolve("RUNTIME"));
        String release = Files.readString(home.resolve("runtime/release"));
        String javaVersion = release.lines().filter(l -> l.startsWith("JAVA_VERSION=")).findFirst().orElseThrow()
                .replaceAll("JAVA_VERSION=\"(.*)\"", "$1");
        assertThat(runtime).contains("runtime: ").contains(" " + javaVersion + " (").contains("modules: java.base")
                .doesNotContain("java.desktop");
        boolean aot = Integer.parseInt(javaVersion.split("\\.")[0]) >= 25;
        assertThat(home.resolve(aot ? "lib/pycd.aot" : "lib/pycd.jsa")).isNotEmptyFile();
        assertThat(runtime).contains("picocli's string concatenation: " + (aot ? "invokedynamic" : "inline"));
    }

    /**
     * picocli concatenates strings the way its runtime starts fastest: invokedynamic where an AOT cache links the
     * call sites (the release on JDK 25), inline on Java 17 (the checkout's jar, which bin/pycd runs).
     */
    @Test
    void picocliConcatenatesStringsTheWayItsRuntimeStartsFastest() throws Exception {
        Path home = Installed.image();
        boolean aot = Files.exists(home.resolve("lib/pycd.aot"));
        assertThat(usesIndyConcat(home.resolve("lib/pycd.jar"))).isEqualTo(aot);
        assertThat(usesIndyConcat(Path.of(System.getProperty("pycd.repository"), "cli/target/pycd.jar"))).isFalse();
    }

    private static boolean usesIndyConcat(Path jar) throws Exception {
        try (FileSystem fs = FileSystems.newFileSystem(jar)) {
            byte[] bytes = Files.readAllBytes(fs.getPath("picocli/CommandLine$Model$OptionSpec.class"));
            return new String(bytes, StandardCharsets.ISO_8859_1).contains("makeConcatWithConstants");
        }
    }

    /** pycd, pycd-compile, pycd-daemon-start...: every visible command, as picocli's man page generator names them. */
    private static void collect(CommandLine cmd, String name, List<String> out) {
        out.add(name);
        cmd.getSubcommands().forEach((sub, c) -> {
            if (!c.getCommandSpec().usageMessage().hidden() && sub.equals(c.getCommandSpec().name())) {
                collect(c, name + "-" + sub, out);
            }
        });
    }
}
