package io.pycd.cli;

import io.pycd.interpreter.Interpreters;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The build runs this once with {@code -XX:ArchiveClassesAtExit} so that the class-data sharing archive shipped
 * beside the jar holds the classes real runs load: a JVM that maps them starts in a fraction of the time. It runs
 * the common commands on a tiny throw-away tree, output discarded; failures (no Python on the build machine) only
 * make the archive smaller.
 */
public final class CdsTraining {

    private CdsTraining() {
    }

    /** A pyproject.toml as projects write them: tables, arrays over lines, inline tables, comments, [tool.pycd]. */
    static final String PYPROJECT = """
            [build-system]
            requires = [
                "flit_core<4"
            ]
            build-backend = "flit_core.buildapi"

            [project]
            name = "pkg"
            version = "1.0.dev0"
            description = "A package to train pycd's start-up cache on."
            readme = "README.md"
            license = {file = "LICENSE.txt"}
            requires-python = ">=3.6"
            dependencies = [
                "click>=8.1.3",  # a comment after a value
                'itsdangerous>=2.2',
            ]

            [project.optional-dependencies]
            async = ["asgiref>=3.2"]

            [project.urls]
            Source = "https://example.com/pkg/"

            [project.scripts]
            pkg = "pkg.cli:main"

            [tool.pytest.ini_options]
            testpaths = ["tests"]
            filterwarnings = ["error"]

            [tool.coverage.report]
            exclude_also = [": \\\\.{3}"]

            [[tool.mypy.overrides]]
            module = ["dotenv.*"]
            ignore_missing_imports = true

            [tool.tox.env_run_base]
            env.PYTHONWARNINGS = '''
            error'''
            commands = [[
                "pytest", "-v",
                {replace = "posargs", default = [], extend = true},
            ]]

            [tool.pycd]
            exclude = ["build"]
            """;

    public static void main(String[] args) throws IOException {
        Path tree = Files.createTempDirectory("pycd-cds");
        Path venv = Files.createTempDirectory("pycd-cds-venv");
        PrintStream out = System.out;
        PrintStream err = System.err;
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        try {
            Files.writeString(tree.resolve("good.py"), "x = 1\n");
            Files.writeString(tree.resolve("bad.py"), "def f(:\n");
            // a package below the root: the walks of compile, status and clean enter folders in every real tree
            Files.createDirectories(tree.resolve("pkg"));
            Files.writeString(tree.resolve("pkg/__init__.py"), "");
            Files.writeString(tree.resolve("pkg/mod.py"), "def f():\n    return 1\n");
            // Nearly every project has one, and every command reads it: the TOML parser's ~250 classes (tomlj and
            // the ANTLR runtime) were loaded from the jar, which opened it, at every run in a real project.
            Files.writeString(tree.resolve("pyproject.toml"), PYPROJECT);
            System.setOut(sink);
            System.setErr(sink);
            String t = tree.toString();
            Main.run("--help");
            Main.run("compile", "--help");
            Main.run("compile", "-q", t);
            // a target named on the command line takes its own way through the settings (the benchmarks name one)
            Main.run("compile", "-q", "--python", "python3", t);
            // a target named by its path (as users name a particular interpreter, and the benchmarks do)
            String python3 = absolute("python3");
            Main.run("compile", "-q", "--python", python3, t);
            Main.run("compile", t);
            Main.run("compile", "--format", "json", t);
            // A switch back: the caches go, the same bytes come back, and the store writes them (its hit path).
            deleteTree(tree.resolve("__pycache__"));
            Files.setLastModifiedTime(tree.resolve("good.py"), java.nio.file.attribute.FileTime.fromMillis(0));
            Main.run("compile", t);
            Main.run("status", t);
            Main.run("status", "--check", "--format", "json", t);
            Main.run("compile", "-q", "--invalidation-mode", "checked-hash", t);
            Main.run("store");
            Main.run("pythons");
            Main.run("store", "--format", "json");
            daemonAnswers(t);
            Main.run("clean", "--dry-run", t);
            Main.run("clean", "--dry-run", "--format", "json", t);
            Main.run("clean", "--all", "--dry-run", t);
            // A virtualenv (--env), as CI and container builds use one; made by the build's python3 when it can
            // (Debian's may lack its venv module: then --env is not trained). Its classes were loaded from the jar.
            if (virtualenv(python3, venv)) {
                Main.run("compile", "-q", "--env", venv.toString());
                Main.run("status", "--env", venv.toString());
                Main.run("clean", "--dry-run", "--env", venv.toString());
            }
            // pycd audit on a minimal repository laid out by hand (the build machine may have no git)
            gitRepository(tree);
            Files.writeString(tree.resolve("Dockerfile"), "FROM python\n");
            Main.run("audit", t);
            Main.run("audit", "--format", "json", t);
            // and one whose index tracks a cache, with an ignore file: audit reads the index and matches patterns
            // in every real repository (their classes were loaded from the jar, which opened it, at every audit)
            Files.write(tree.resolve(".git/index"), gitIndex("pkg/__pycache__/mod.cpython-312.pyc", "pkg/mod.py"));
            Files.writeString(tree.resolve(".gitignore"), "*.py[co]\n/build/\n!keep.pyc\n");
            Main.run("audit", t);
            Main.run("ignore", "show");
        } finally {
            System.setOut(out);
            System.setErr(err);
            deleteTree(tree);
            deleteTree(venv);
        }
    }

    /** Makes {@code dir} a virtualenv of {@code python} holding one module; false when it cannot. */
    private static boolean virtualenv(String python, Path dir) {
        try {
            Process p = new ProcessBuilder(python, "-I", "-m", "venv", "--without-pip", dir.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return false;
            }
            try (Stream<Path> lib = Files.list(dir.resolve("lib"))) {
                for (Path version : lib.toList()) {
                    Files.writeString(Files.createDirectories(version.resolve("site-packages/dep"))
                            .resolve("__init__.py"), "VALUE = 1\n");
                }
            }
            return Files.isRegularFile(dir.resolve("pyvenv.cfg"));
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The {@code .git} folder {@code git init} lays out, with the config it writes: every audit reads
     * {@code core.bare} from it, which runs JGit's config matching (its classes were loaded from the jar, which opened
     * it, at every audit of a real repository).
     */
    static void gitRepository(Path tree) throws IOException {
        Files.createDirectories(tree.resolve(".git/objects"));
        Files.createDirectories(tree.resolve(".git/refs/heads"));
        Files.writeString(tree.resolve(".git/HEAD"), "ref: refs/heads/main\n");
        Files.writeString(tree.resolve(".git/config"), "[core]\n\trepositoryformatversion = 0\n\tfilemode = true\n"
                + "\tbare = false\n\tlogallrefupdates = true\n");
    }

    /**
     * A git index (version 2) tracking {@code paths} (sorted, as git keeps them), with git's SHA-1 trailer: written
     * by hand, since the build machine may have no git.
     */
    static byte[] gitIndex(String... paths) {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        java.nio.ByteBuffer head = java.nio.ByteBuffer.allocate(12).put("DIRC".getBytes(StandardCharsets.US_ASCII))
                .putInt(2).putInt(paths.length);
        b.writeBytes(head.array());
        for (String path : paths) {
            byte[] name = path.getBytes(StandardCharsets.UTF_8);
            int length = 62 + name.length;
            int padded = (length + 8) / 8 * 8; // one to eight NULs
            java.nio.ByteBuffer e = java.nio.ByteBuffer.allocate(padded);
            e.position(24).putInt(0100644).position(40).put(new byte[20]).putShort((short) name.length).put(name);
            b.writeBytes(e.array());
        }
        try {
            b.writeBytes(java.security.MessageDigest.getInstance("SHA-1").digest(b.toByteArray()));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return b.toByteArray();
    }

    /**
     * A compile and a status that a daemon answers: the socket, the protocol and the client's side of the question are
     * the start-up of {@code pycd compile} in a tree a daemon watches. The daemon runs in a process of its own (in
     * folders of its own), so that the cache holds none of its classes: every class in a JDK 25 AOT cache is loaded
     * at every start, and the daemon's (its watcher, directory-watcher, Logback; ~700 classes) cost a command ~25 ms
     * that only the daemon's own start, once, would save.
     */
    private static void daemonAnswers(String tree) throws IOException {
        Path folders = Files.createTempDirectory("pycd-cds-daemon");
        System.setProperty("pycd.runtime.dir", folders.resolve("run").toString());
        System.setProperty("pycd.state.dir", folders.resolve("state").toString());
        try {
            if (Main.run("daemon", "start", "--no-remember", tree) == ExitCodes.OK) {
                Main.run("compile", "-q", tree);
                Main.run("compile", "-q", "--python", "python3", tree);
                Main.run("compile", "-q", "--python", absolute("python3"), tree);
                Main.run("status", tree);
            }
        } catch (RuntimeException e) {
            // no daemon here (no Python on the build machine): the archive only holds less
        } finally {
            Main.run("daemon", "stop");
            System.clearProperty("pycd.runtime.dir");
            System.clearProperty("pycd.state.dir");
            deleteTree(folders);
        }
    }

    /** {@code name} where pycd's own lookup finds it on PATH, or {@code name} itself when it is not there. */
    private static String absolute(String name) {
        return Interpreters.forUser().locate(name).map(Path::toString).orElse(name);
    }

    private static void deleteTree(Path root) throws IOException {
        if (Files.exists(root)) {
            try (Stream<Path> files = Files.walk(root)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
