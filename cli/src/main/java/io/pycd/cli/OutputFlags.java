package io.pycd.cli;

import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --format}, {@code -q}, {@code -v}, shared by every command. A command offers exactly the formats of the
 * mixin it uses, each of which declares {@code --format} with its own help text and calls {@link #choose}:
 * {@link OutputOptions} (text, json) or {@link SarifOutputOptions} (text, json, sarif). Any other format is a usage
 * error (exit 2) naming the command's formats.
 */
public abstract class OutputFlags {

    /** Every output format pycd has; each command offers some of them. */
    public enum Format { text, json, sarif }

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    private Format format = Format.text;

    @Option(names = {"-q", "--quiet"}, description = "Print only errors; no summary line.")
    boolean quiet;

    @Option(names = {"-v", "--verbose"}, description = "Also list every path acted on, with why.")
    boolean verbose;

    /** Takes {@code name} as the format when it is one of {@code offered}; otherwise a usage error. */
    final void choose(String name, Format... offered) {
        for (Format f : offered) {
            if (f.name().equals(name)) {
                format = f;
                return;
            }
        }
        List<String> names = java.util.Arrays.stream(offered).map(Format::name).toList();
        String list = String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
        throw new CommandLine.ParameterException(command.commandLine(), String.format(Locale.ROOT,
                "%s offers --format %s, not '%s'", command.name(), list, name));
    }

    /** The names of some formats, for {@code completionCandidates}: each mixin offers its own. */
    abstract static class Names implements Iterable<String> {
        private final List<String> names;

        Names(Format... formats) {
            names = java.util.Arrays.stream(formats).map(Format::name).toList();
        }

        @Override
        public java.util.Iterator<String> iterator() {
            return names.iterator();
        }
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
