package io.pycd.cli;

import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code --format}, {@code -q}, {@code -v}, shared by every command. A command offers exactly the formats of the
 * options it uses, each of which gives {@code --format} its own formats and help text:
 * {@link OutputOptions} (text, json) or {@link SarifOutputOptions} (text, json, sarif). Any other format is a usage
 * error (exit 2) naming the command's formats.
 */
public abstract class OutputFlags {

    /** Every output format pycd has; each command offers some of them. */
    public enum Format { text, json, sarif }

    private CommandSpec command;
    private Format format = Format.text;
    boolean quiet;
    boolean verbose;

    /** Adds {@code -q}, {@code -v} and {@code --format} (with the formats this command offers) to {@code spec}. */
    final void addTo(CommandSpec spec) {
        command = spec;
        spec.addOption(Specs.flag(this, "quiet", "-q", "--quiet").description("Print only errors; no summary line.")
                .build());
        spec.addOption(Specs.flag(this, "verbose", "-v", "--verbose")
                .description("Also list every path acted on, with why.").build());
        Format[] offered = offered();
        // a class, not a lambda: every command's start would link one (see Specs)
        java.util.function.Consumer<String> format = new java.util.function.Consumer<>() {
            @Override
            public void accept(String name) {
                choose(name, offered);
            }
        };
        spec.addOption(Specs.handled(String.class, format, "--format").paramLabel("FORMAT")
                .defaultValue("text").completionCandidates(names(offered)).description(formatHelp()).build());
    }

    /** The formats this command offers. */
    abstract Format[] offered();

    /** The help text of {@code --format}. */
    abstract String formatHelp();

    /** Takes {@code name} as the format when it is one of {@code offered}; otherwise a usage error. */
    final void choose(String name, Format... offered) {
        for (Format f : offered) {
            if (f.name().equals(name)) {
                format = f;
                return;
            }
        }
        List<String> names = names(offered);
        String list = String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
        throw new CommandLine.ParameterException(command.commandLine(), String.format(Locale.ROOT,
                "%s offers --format %s, not '%s'", command.name(), list, name));
    }

    /** The names of some formats, for shell completion. */
    private static List<String> names(Format... formats) {
        List<String> names = new java.util.ArrayList<>(formats.length);
        for (Format f : formats) {
            names.add(f.name());
        }
        return names;
    }

    public Format format() {
        return format;
    }

    public boolean json() {
        return format == Format.json;
    }

    public boolean quiet() {
        return quiet;
    }

    public boolean verbose() {
        return verbose;
    }
}
