package io.pycd.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code pycd} command line. Each subcommand lives in its own class; engines do the work and return results. */
@Command(name = "pycd",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Keeps Python bytecode caches right: compile, watch, clean, audit.",
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {
                CompileCommand.class,
                StatusCommand.class,
                PythonsCommand.class,
                CleanCommand.class,
                WatchCommand.class,
                DaemonCommand.class,
                AuditCommand.class,
                IgnoreCommand.class,
                CommandLine.HelpCommand.class,
        },
        footerHeading = "%nExit codes:%n",
        footer = {
                "  0  success: everything compiled, fresh, clean or removed",
                "  1  the work ran but found or hit problems (failed sources, stale caches with --check,",
                "     failed removals, audit findings)",
                "  2  usage or configuration error (bad flag, no interpreter, unreadable PATH, bad pyproject.toml)",
                "",
                "See README.md for every command, its JSON shape and examples."})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs pycd as the command line would and returns the exit code, without exiting. */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof UsageFailure u) {
                cmd.getErr().println("pycd: " + u.getMessage());
                return ExitCodes.USAGE;
            }
            cmd.getErr().println("pycd: internal error: " + ex);
            ex.printStackTrace(cmd.getErr());
            return ExitCodes.USAGE;
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine cmd = ex.getCommandLine();
            cmd.getErr().println("pycd: " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, cmd.getErr());
            cmd.getErr().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
            return ExitCodes.USAGE;
        });
        return cl;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"pycd " + (v == null ? "dev" : v)};
        }
    }
}
