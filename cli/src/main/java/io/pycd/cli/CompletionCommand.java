package io.pycd.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

final class CompletionCommand implements Callable<Integer> {

    /** The shells pycd writes completions for. */
    enum Shell { bash, zsh, fish }

    CommandSpec spec;
    Shell shell;

    /** The command's model: its help and options, in the order --help lists them. */
    CommandSpec spec() {
        CommandSpec spec = Specs.command("completion", this);
        spec.usageMessage()
                .description("Print the shell completion script for pycd's commands and options.",
                        "bash: source it, or save it as ~/.local/share/bash-completion/completions/pycd.",
                        "zsh: the same script (it turns on zsh's bashcompinit); add this line to your .zshrc: "
                                + "source <(pycd completion zsh)",
                        "fish: save it as ~/.config/fish/completions/pycd.fish.",
                        "The release archive and the wheel ship these files already.")
                .footerHeading("%nExit codes:%n")
                .footer("  0  printed", "  2  usage error: no or unknown shell");
        this.spec = spec;
        spec.addPositional(Specs.parameter(Shell.class, this, "shell")
                .paramLabel("SHELL")
                .description("bash, zsh or fish.").build());
        return Specs.standardHelp(spec);
    }

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(script(shell));
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }

    /** The completion script for {@code shell}, from the model of every command. */
    static String script(Shell shell) {
        CommandLine model = Main.commandLine();
        return switch (shell) {
            // picocli's bash script also runs in zsh: it loads bashcompinit itself when $ZSH_VERSION is set
            case bash, zsh -> AutoComplete.bash(model.getCommandName(), model);
            case fish -> FishCompletion.script(model);
        };
    }
}
