package io.pycd.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs the real {@code git} binary in tests, isolated from the user's and the system's configuration, so that
 * pycd's answers can be held against git's own on the same repository.
 */
public final class Git {

    private final Path dir;
    private final Path home;
    private final Map<String, String> extraEnv;

    public Git(Path dir, Path home) {
        this(dir, home, Map.of());
    }

    private Git(Path dir, Path home, Map<String, String> extraEnv) {
        this.dir = dir;
        this.home = home;
        this.extraEnv = Map.copyOf(extraEnv);
    }

    /** The same repository, git run with these variables added (say {@code GIT_CONFIG_GLOBAL}). */
    public Git withEnv(Map<String, String> more) {
        Map<String, String> all = new java.util.HashMap<>(extraEnv);
        all.putAll(more);
        return new Git(dir, home, all);
    }

    /** Another repository (a linked worktree, say) run with the same home and variables. */
    public Git at(Path otherDir) {
        return new Git(otherDir, home, extraEnv);
    }

    public static boolean available() {
        try {
            Process p = new ProcessBuilder("git", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** A fresh repository at {@code dir} with an isolated home at {@code home}. */
    public static Git init(Path dir, Path home) {
        try {
            Files.createDirectories(dir);
            Files.createDirectories(home);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Git g = new Git(dir, home);
        g.run("init", "-q", "-b", "main");
        g.run("config", "user.email", "t@example.com");
        g.run("config", "user.name", "t");
        g.run("config", "commit.gpgsign", "false");
        return g;
    }

    public Path dir() {
        return dir;
    }

    public Path home() {
        return home;
    }

    public Map<String, String> env() {
        Map<String, String> env = new java.util.HashMap<>(Map.of("HOME", home.toString(), "XDG_CONFIG_HOME",
                home.resolve(".config").toString(), "GIT_CONFIG_NOSYSTEM", "1", "LC_ALL", "C", "GIT_AUTHOR_DATE",
                "2020-01-01T00:00:00Z", "GIT_COMMITTER_DATE", "2020-01-01T00:00:00Z"));
        env.putAll(extraEnv);
        return env;
    }

    public Result exec(byte[] stdin, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("git");
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().putAll(env());
        try {
            Process p = pb.start();
            if (stdin != null) {
                p.getOutputStream().write(stdin);
            }
            p.getOutputStream().close();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread t = new Thread(() -> copy(p.getErrorStream(), err));
            t.start();
            byte[] out = p.getInputStream().readAllBytes();
            int rc = p.waitFor();
            t.join();
            return new Result(rc, out, err.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        try {
            in.transferTo(out);
        } catch (IOException ignored) {
            // the process is gone
        }
    }

    /** Runs git and fails the test on a non-zero exit. */
    public String run(String... args) {
        Result r = exec(null, args);
        if (r.rc != 0) {
            throw new AssertionError("git " + String.join(" ", args) + " failed (" + r.rc + "): " + r.err);
        }
        return r.out();
    }

    public record Result(int rc, byte[] stdout, String err) {
        public String out() {
            return new String(stdout, StandardCharsets.UTF_8);
        }
    }

    /**
     * Stages a blob under a path given as raw bytes, which need not be UTF-8 (a name Java cannot create on disk):
     * {@code git hash-object -w} then {@code git update-index --index-info}.
     */
    public void stageRaw(byte[] path, String content) {
        String blob = exec(content.getBytes(StandardCharsets.UTF_8), "hash-object", "-w", "--stdin").out().strip();
        java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
        line.writeBytes(("100644 " + blob + "\t").getBytes(StandardCharsets.US_ASCII));
        line.writeBytes(path);
        line.write(0);
        Result r = exec(line.toByteArray(), "update-index", "--add", "-z", "--index-info");
        if (r.rc != 0) {
            throw new AssertionError("git update-index --index-info failed: " + r.err);
        }
    }

    /** Writes a file (creating folders) relative to the repository. */
    public Path write(String rel, String content) {
        return write(rel, content.getBytes(StandardCharsets.UTF_8));
    }

    public Path write(String rel, byte[] content) {
        try {
            Path p = dir.resolve(rel);
            Files.createDirectories(p.getParent());
            Files.write(p, content);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The paths among {@code paths} that {@code git check-ignore --no-index} says are ignored, mapped to the
     * deciding rule ({@code source:line:pattern}).
     */
    public Map<String, String> checkIgnore(List<String> paths) {
        StringBuilder in = new StringBuilder();
        for (String p : paths) {
            in.append(p).append('\0');
        }
        Result r = exec(in.toString().getBytes(StandardCharsets.UTF_8),
                "-c", "core.quotepath=off", "check-ignore", "--no-index", "-v", "-n", "-z", "--stdin");
        if (r.rc > 1) {
            throw new AssertionError("check-ignore failed: " + r.err);
        }
        // -z -v -n: source NUL line NUL pattern NUL path NUL; an unmatched path has empty fields
        String[] f = new String(r.stdout, StandardCharsets.UTF_8).split("\0", -1);
        Map<String, String> ignored = new java.util.LinkedHashMap<>();
        for (int i = 0; i + 3 < f.length; i += 4) {
            String source = f[i];
            String pattern = f[i + 2];
            if (!source.isEmpty() && !pattern.startsWith("!")) {
                ignored.put(f[i + 3], source + ":" + f[i + 1] + ":" + pattern);
            }
        }
        return ignored;
    }
}
