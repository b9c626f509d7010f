package io.pycd.cli;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** The {@code pycd} command line. Each subcommand lives in its own class; engines do the work and return results. */
public final class Main implements Runnable {

    private final CommandSpec spec = Specs.command("pycd", this);

    private Main() {
        spec.usageMessage()
                .description("Keeps Python bytecode caches right: compile, watch, clean, audit.")
                .synopsisSubcommandLabel("COMMAND")
                .footerHeading("%nExit codes:%n")
                .footer("  0  success: everything compiled, fresh, clean or removed",
                        "  1  the work ran but hit or found problems: failed sources, stale caches",
                        "     with --check, failed removals, audit findings",
                        "  2  usage or configuration error: bad flag, no interpreter, unreadable",
                        "     PATH, malformed pyproject.toml",
                        "",
                        "See README.md for every command, its JSON shape and examples.");
        Specs.standardHelp(spec);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs pycd as the command line would and returns the exit code, without exiting. */
    public static int run(String... args) {
        // The version needs no command model: building picocli's (all commands, for a top-level option) costs more
        // than the JVM's own start. Same text as picocli's --version prints.
        if (args.length == 1 && ("--version".equals(args[0]) || "-V".equals(args[0]))) {
            System.out.println(version());
            return ExitCodes.OK;
        }
        // Nor does help: the build rendered every command's page from the model (HelpPages).
        java.util.Optional<String> page = HelpPages.lookup(args);
        if (page.isPresent()) {
            System.out.print(page.get());
            System.out.flush();
            return ExitCodes.OK;
        }
        // compile and status ask a running daemon first: set that up on another thread while picocli builds the
        // model and the command resolves its settings on this one
        if (DaemonFirst.asks(args)) {
            DaemonFirst.prepare();
        }
        return commandLine(args).execute(args);
    }

    /** Every subcommand, in the order --help lists them. */
    private static final List<String> COMMANDS = List.of("compile", "status", "pythons", "clean", "watch", "daemon",
            "store", "startup", "audit", "ignore", "completion", "help");

    /**
     * The model of the subcommand {@code name}, built when it is registered (null for a name that is none). A switch,
     * not a map of suppliers: each lambda is a call site that every start would link, interpreted, on Java 17.
     */
    private static Object command(String name) {
        return switch (name) {
            case "compile" -> new CompileCommand().spec();
            case "status" -> new StatusCommand().spec();
            case "pythons" -> new PythonsCommand().spec();
            case "clean" -> new CleanCommand().spec();
            case "watch" -> new WatchCommand().spec();
            case "daemon" -> new DaemonCommand().spec();
            case "store" -> new StoreCommand().spec();
            case "startup" -> new StartupCommand().spec();
            case "audit" -> new AuditCommand().spec();
            case "ignore" -> new IgnoreCommand().spec();
            case "completion" -> new CompletionCommand().spec();
            // picocli's help command is annotated: its model is built (and paid for) only when it is asked for
            case "help" -> new CommandLine.HelpCommand();
            default -> null;
        };
    }

    /** picocli's system property: regular expressions of the built-in converters' types it leaves out. */
    private static final String CONVERTER_EXCLUDES = "picocli.converters.excludes";

    /**
     * picocli's system property that stops it looking for Groovy: its factory's first use tries to load
     * {@code groovy.lang.Closure}, and a class the start-up archive does not hold is looked for in the jar, which
     * opens it and indexes its ~5,800 entries (~6-10 ms of every start; nothing else in a run opens the jar).
     */
    private static final String NO_GROOVY = "picocli.disable.closures";

    /** The whole command line, every command registered: the model that help, man pages and completions describe. */
    public static CommandLine commandLine() {
        return commandLine(new String[0]);
    }

    static CommandLine commandLine(String... args) {
        // Every CommandLine (the top one, and one per subcommand) registers converters for java.sql and java.time
        // types by reflection: Class.forName initializes each class (java.time's pull in DateTimeFormatter's tables)
        // at every start. pycd's options take none of those types. picocli reads its system properties for this and
        // for Groovy (NO_GROOVY) while the command lines are built; they are set for that time only, so that no other
        // CommandLine in this JVM (a library's, a test's) loses a converter.
        String excludes = System.getProperty(CONVERTER_EXCLUDES);
        if (excludes == null) {
            System.setProperty(CONVERTER_EXCLUDES, "java\\.(sql|time)\\..*");
        }
        String groovy = System.getProperty(NO_GROOVY);
        if (groovy == null) {
            System.setProperty(NO_GROOVY, "true");
        }
        CommandLine cl;
        try {
            cl = new CommandLine(new Main().spec);
            // picocli reflects over every registered command at start-up: register only the one being run, unless
            // the whole list is needed (help, a typo's suggestions, no command at all).
            Object only = args.length > 0 && !"help".equals(args[0]) ? command(args[0]) : null;
            if (only != null) {
                cl.addSubcommand(args[0], only);
            } else {
                for (String name : COMMANDS) {
                    cl.addSubcommand(name, command(name));
                }
            }
        } finally {
            if (excludes == null) {
                System.clearProperty(CONVERTER_EXCLUDES);
            }
            if (groovy == null) {
                System.clearProperty(NO_GROOVY);
            }
        }
        // picocli's own converter for paths calls Paths.get through reflection, whose first call generates
        // method-handle classes at every start (~5 ms on JDK 25); registered after the subcommands, to reach them.
        cl.registerConverter(Path.class, new Handlers());
        HelpLayout.install(cl);
        cl.setExecutionExceptionHandler(new Handlers());
        cl.setParameterExceptionHandler(new Handlers());
        return cl;
    }

    /**
     * How a command's failure is reported, and how a PATH is read. One class, not lambdas: on Java 17 each lambda or
     * method reference is a call site that every start links, interpreted (~0.2 ms each; see Specs).
     */
    private static final class Handlers implements CommandLine.IExecutionExceptionHandler,
            CommandLine.IParameterExceptionHandler, CommandLine.ITypeConverter<Path> {

        @Override
        public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parsed) {
            if (ex instanceof UsageFailure u) {
                cmd.getErr().println("pycd: " + u.getMessage());
                return ExitCodes.USAGE;
            }
            cmd.getErr().println("pycd: internal error: " + ex);
            ex.printStackTrace(cmd.getErr());
            return ExitCodes.USAGE;
        }

        @Override
        public int handleParseException(CommandLine.ParameterException ex, String[] badArgs) {
            CommandLine cmd = ex.getCommandLine();
            cmd.getErr().println("pycd: " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, cmd.getErr());
            cmd.getErr().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
            return ExitCodes.USAGE;
        }

        @Override
        public Path convert(String value) {
            return Path.of(value);
        }
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    /** {@code pycd <version>}: the jar's Implementation-Version, or {@code dev} when run from classes. */
    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return "pycd " + (v == null ? "dev" : v);
    }
}
