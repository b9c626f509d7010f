package io.pycd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pycd.testing.Processes;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What Main answers before building any command model. */
class MainTest {

    /**
     * pycd's command lines are built without picocli's java.sql and java.time converters (see Main), and no other
     * command line in the same JVM loses one: the property is set only while pycd's are built.
     */
    @Test
    void leavingOutConvertersIsPycdsOwnAffair() {
        CommandLine pycd = Main.commandLine("compile");
        assertThat(System.getProperty("picocli.converters.excludes")).isNull();
        assertThat(pycd.parseArgs("compile", "some/where").subcommand().matchedPositionals()).isNotEmpty();

        java.time.Duration[] given = new java.time.Duration[1];
        CommandLine.Model.CommandSpec other = CommandLine.Model.CommandSpec.create();
        other.addOption(CommandLine.Model.OptionSpec.builder("--wait").type(java.time.Duration.class)
                .setter(new CommandLine.Model.ISetter() {
                    @Override
                    public <T> T set(T value) {
                        given[0] = (java.time.Duration) value;
                        return null;
                    }
                }).build());
        new CommandLine(other).parseArgs("--wait", "PT2S");
        assertThat(given[0]).isEqualTo(java.time.Duration.ofSeconds(2));
    }

    @Test
    void versionWithoutTheModelPrintsWhatPicocliPrints() {
        String viaPicocli = CliHarness.run("--version").out();
        assertThat(viaPicocli).startsWith("pycd ");
        assertThat(fastPath("--version")).isEqualTo(viaPicocli);
        assertThat(fastPath("-V")).isEqualTo(viaPicocli);
    }

    /**
     * Logback (over 200 classes) is for the commands that log: asking for the version or help (a command's too), or
     * giving no command, never loads it. A separate JVM, as a user starts it, lists every class it loads.
     */
    @Test
    void versionHelpAndNoCommandLoadNoLogging() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        for (List<String> args : List.of(List.of("--version"), List.of("--help"), List.of("compile", "--help"),
                List.<String>of())) {
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

    /**
     * A start never looks for Groovy (see Main.NO_GROOVY): a class the start-up archive lacks is looked for in the jar,
     * which opens and indexes it. A {@code groovy.lang.Closure} put on the class path is loaded only if looked for.
     */
    @Test
    void aCompileNeverLooksForGroovy(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path classes = java.nio.file.Files.createDirectories(dir.resolve("classes"));
        Path src = java.nio.file.Files.createDirectories(dir.resolve("src"));
        Path closure = java.nio.file.Files.writeString(src.resolve("Closure.java"),
                "package groovy.lang; public class Closure {}\n");
        // the control: a command line built as picocli builds one when left to itself
        Path probe = java.nio.file.Files.writeString(src.resolve("Probe.java"),
                "public class Probe { public static void main(String[] a) {"
                        + " new picocli.CommandLine(picocli.CommandLine.Model.CommandSpec.create()); } }\n");
        String classPath = classes + java.io.File.pathSeparator + System.getProperty("java.class.path");
        int javac = javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(),
                "-cp", classPath, closure.toString(), probe.toString());
        assertThat(javac).isZero();
        Path tree = java.nio.file.Files.createDirectories(dir.resolve("tree"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Processes.Run compile = Processes.exec(List.of(java.toString(), "-Xlog:class+load=info", "-cp", classPath,
                Main.class.getName(), "compile", "-q", tree.toString()));
        assertThat(compile.out()).contains("io.pycd.cli.CompileCommand ").doesNotContain("groovy.lang.Closure");
        assertThat(compile.exit()).isZero();
        Processes.Run control = Processes.exec(List.of(java.toString(), "-Xlog:class+load=info", "-cp", classPath,
                "Probe"));
        assertThat(control.out()).as("the check itself sees Groovy when picocli looks for it")
                .contains("groovy.lang.Closure ");
    }

    /**
     * A compile with nothing to do, the start that matters most (and a status), links no lambda or method reference of pycd's: on
     * Java 17 each is a call site that every start links, interpreted (~0.2 ms each; with ~70 of them, and the JDK
     * streams and process handles they pulled in, a start took ~30 ms longer). A separate JVM, as a user starts it,
     * lists every class it loads; the first compile writes the caches, the second finds them fresh.
     */
    @Test
    void aCompileWithNothingToDoLinksNoLambdaOfPycds(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path tree = dir.resolve("tree");
        CliHarness.write(tree.resolve("a.py"), "X = 1\n");
        CliHarness.write(tree.resolve("pkg/b.py"), "def f():\n    return [x for x in range(3)]\n");
        CliHarness.write(tree.resolve("pkg/bad.py"), "def f(:\n");
        Map<String, String> env = Map.of("XDG_CACHE_HOME", dir.resolve("cache").toString(),
                "PYCD_STORE", dir.resolve("store").toString(), "XDG_RUNTIME_DIR", dir.resolve("run").toString(),
                "XDG_STATE_HOME", dir.resolve("state").toString());
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> compile = List.of(java.toString(), "-Xlog:class+load=info", "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "compile", "-q", "--python",
                CliHarness.python("3.12").executable().toString(), tree.toString());
        Processes.Run first = Processes.exec(compile, dir, env, null);
        assertThat(first.exit()).as(first.err()).isEqualTo(ExitCodes.PROBLEMS); // bad.py
        // Nor does the first, which compiles, hash a record by its generated methods (ObjectMethods' set-up took
        // ~30-40 ms before the first worker started: interpreters key the worker pools).
        assertThat(first.out()).contains("io.pycd.worker.WorkerPool ").doesNotContain("java.lang.runtime.ObjectMethods ");
        Processes.Run again = Processes.exec(compile, dir, env, null);
        assertThat(again.exit()).as(again.err()).isEqualTo(ExitCodes.PROBLEMS);
        assertThat(again.out()).contains("io.pycd.compile.TreeCompiler ");
        assertThat(lambdasOfPycd(again.out())).isEmpty();
        List<String> status = new ArrayList<>(compile);
        status.set(status.indexOf("compile"), "status");
        Processes.Run checked = Processes.exec(status, dir, env, null);
        assertThat(checked.out()).contains("io.pycd.status.StatusScanner ");
        assertThat(lambdasOfPycd(checked.out())).isEmpty();
        // the check can fail: a class of pycd's that links one is seen
        Processes.Run probe = Processes.exec(List.of(java.toString(), "-Xlog:class+load=info", "-cp",
                System.getProperty("java.class.path"), LambdaProbe.class.getName()));
        assertThat(lambdasOfPycd(probe.out())).isNotEmpty();
        assertThat(probe.out()).as("a record hashed by its generated method").contains("java.lang.runtime.ObjectMethods ");
    }

    private static List<String> lambdasOfPycd(String classLoadLog) {
        return classLoadLog.lines().filter(l -> l.matches(".* io\\.pycd\\.\\S*\\$\\$Lambda.*")).toList();
    }

    /**
     * Every command's --help, -h and help after its command names, as Main answers without the model, is what
     * picocli prints from it; the styled page is picocli's rendering with colours on.
     */
    @Test
    void everyHelpPageIsWhatPicocliPrints() {
        Map<String, CommandLine> commands = HelpPages.commands();
        assertThat(commands).containsKeys("pycd", "pycd-compile", "pycd-daemon-start", "pycd-store-prune");
        commands.forEach((name, cl) -> {
            List<String> words = new ArrayList<>(List.of(name.split("-"))).subList(1, name.split("-").length);
            for (String option : List.of("--help", "-h")) {
                List<String> args = new ArrayList<>(words);
                args.add(option);
                String[] argv = args.toArray(String[]::new);
                CliHarness.Result viaPicocli = CliHarness.run(argv);
                assertThat(viaPicocli.exit()).as("%s", args).isZero();
                assertThat(HelpPages.lookup(argv)).as("%s", args).contains(viaPicocli.out());
                assertThat(fastPath(argv)).as("%s", args).isEqualTo(viaPicocli.out());
            }
            String styled = HelpPages.render(cl, CommandLine.Help.Ansi.ON);
            assertThat(styled).as(name).contains("\u001B[");
            try (java.io.InputStream in = HelpPages.class.getResourceAsStream("help/" + name + ".ansi")) {
                assertThat(in).as(name).isNotNull();
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).as(name).isEqualTo(styled);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @Test
    void argumentsThatAreNotOnlyCommandNamesAndHelpGetNoPage() {
        assertThat(HelpPages.lookup(new String[] {"compile", "."})).isEmpty();
        assertThat(HelpPages.lookup(new String[] {"compile", "./x", "--help"})).isEmpty();
        assertThat(HelpPages.lookup(new String[] {"startup", "python", "-h"})).isEmpty();
        assertThat(HelpPages.lookup(new String[] {"--help", "compile"})).isEmpty();
        assertThat(HelpPages.lookup(new String[0])).isEmpty();
    }

    private static String fastPath(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            assertThat(Main.run(args)).isZero();
        } finally {
            System.setOut(old);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
