package io.pycd.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pycd.testing.Git;
import io.pycd.testing.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * .pre-commit-hooks.yaml with the real pre-commit: a project's .pre-commit-config.yaml names a local clone of this
 * repository; pycd comes from PATH, as the release installs it.
 */
class PreCommitHooksTest {

    /** What the hooks need from this checkout: the hook file and the launchers, as they are now, not as committed. */
    private static final List<String> HOOK_FILES = List.of(".pre-commit-hooks.yaml", "bin/pycd-pre-commit",
            "bin/pycd", "bin/jvm.options");

    @TempDir
    Path tmp;

    @Test
    void auditFailsACommitThatAddsACacheAndTheFixHookUntracksItAndClosesTheGap() throws Exception {
        assumeTrue(Processes.exec(List.of("sh", "-c", "command -v pre-commit")).exit() == 0,
                "pre-commit is not installed (Debian's package: apt-get install pre-commit)");
        assumeTrue(Git.available(), "git is not installed");
        Path home = tmp.resolve("home");
        String rev = cloneOfThisRepository(tmp.resolve("pycd-clone"), home);

        Git project = Git.init(tmp.resolve("project"), home);
        project.write("app/m.py", "X = 1\n");
        project.write(".pre-commit-config.yaml", "repos:\n"
                + "  - repo: " + tmp.resolve("pycd-clone") + "\n"
                + "    rev: " + rev + "\n"
                + "    hooks:\n"
                + "      - id: pycd-audit\n"
                + "      - id: pycd-audit-fix\n");
        project.write("app/__pycache__/m.cpython-312.pyc", "not really a cache");
        project.run("add", "-f", ".pre-commit-config.yaml", "app");

        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("pycd"), Installed.image().resolve("bin/pycd"));
        Map<String, String> env = new HashMap<>(project.env());
        env.put("PATH", bin + ":" + System.getenv("PATH"));
        env.put("PRE_COMMIT_HOME", tmp.resolve("pre-commit-home").toString());
        Processes.exec(List.of("pre-commit", "install"), project.dir(), env, null).ok();

        Processes.Run refused = Processes.exec(List.of("git", "commit", "-m", "adds a cache"), project.dir(), env, null);
        assertThat(refused.exit()).as(refused.out() + refused.err()).isNotZero();
        // git hands a hook's standard output to its own standard error
        assertThat(refused.out() + refused.err()).containsPattern("pycd audit\\.+Failed")
                .contains("app/__pycache__/m.cpython-312.pyc");
        assertThat(project.run("ls-files")).doesNotContain("__pycache__").contains("app/m.py");
        assertThat(Files.readString(project.dir().resolve(".gitignore"))).contains("__pycache__");

        project.run("add", ".gitignore");
        Processes.Run accepted = Processes.exec(List.of("git", "commit", "-m", "clean"), project.dir(), env, null);
        assertThat(accepted.exit()).as(accepted.out() + accepted.err()).isZero();
        assertThat(accepted.out() + accepted.err()).containsPattern("pycd audit\\.+Passed");
        assertThat(tmp.resolve("pycd-clone/cli/target")).as("the clone built nothing: pycd came from PATH")
                .doesNotExist();
    }

    /** A clone of this repository with the working tree's hook files committed on top; returns its HEAD. */
    private static String cloneOfThisRepository(Path clone, Path home) throws Exception {
        Path repository = Path.of(System.getProperty("pycd.repository"));
        Git origin = new Git(repository, home);
        Processes.exec(List.of("git", "clone", "-q", repository.toString(), clone.toString()), null,
                origin.env(), null).ok();
        Git g = new Git(clone, home);
        for (String f : HOOK_FILES) {
            Files.copy(repository.resolve(f), clone.resolve(f), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.COPY_ATTRIBUTES);
        }
        g.run("add", "-f", "--", HOOK_FILES.toArray(String[]::new)[0], "bin");
        if (!g.run("status", "--porcelain").isBlank()) {
            g.run("-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false",
                    "commit", "-q", "-m", "hook files as tested");
        }
        return g.run("rev-parse", "HEAD").strip();
    }
}
