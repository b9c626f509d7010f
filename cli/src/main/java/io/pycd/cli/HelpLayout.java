package io.pycd.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi.Text;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.Column.Overflow;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * How every command's {@code --help} is laid out: picocli's sections and columns, wrapped only at spaces, each wrapped
 * line indented under the text it continues. picocli wraps with the JDK's line {@link java.text.BreakIterator},
 * which also breaks after a dot followed by a letter: inside {@code x$py.class}, {@code .gitignore},
 * {@code daemon.out}. Its free text (description, footer) continues at column 0, under an exit code instead of
 * under its meaning.
 */
final class HelpLayout extends CommandLine.Help {

    /** A key (an exit code) and the spaces after it, starting a footer line: its continuations go under the text. */
    private static final Pattern KEY = Pattern.compile("^( *)(\\S+ {2,})?");

    HelpLayout(CommandSpec spec, ColorScheme scheme) {
        super(spec, scheme);
    }

    /** Lays out the help of {@code commandLine} and of all its subcommands this way. */
    static CommandLine install(CommandLine commandLine) {
        return commandLine.setHelpFactory(new CommandLine.IHelpFactory() { // not a lambda: see Specs
            @Override
            public CommandLine.Help create(CommandSpec spec, CommandLine.Help.ColorScheme scheme) {
                return new HelpLayout(spec, scheme);
            }
        });
    }

    @Override
    public Layout createDefaultLayout(List<OptionSpec> options, List<PositionalParamSpec> positionals,
                                      ColorScheme scheme) {
        // picocli's default columns: "* -c, --create  Creates a ...".
        int longOptions = calcLongOptionColumnWidth(options, positionals, scheme);
        TextTable table = new SpaceWrapped(scheme,
                new Column(2, 0, Overflow.TRUNCATE), new Column(2, 0, Overflow.SPAN),
                new Column(1, 0, Overflow.TRUNCATE), new Column(longOptions, 1, Overflow.SPAN),
                new Column(width() - 5 - longOptions, 1, Overflow.WRAP));
        return new Layout(scheme, table, createDefaultOptionRenderer(), createDefaultParameterRenderer());
    }

    @Override
    public String header(Object... params) {
        return lines(commandSpec().usageMessage().header(), params);
    }

    @Override
    public String description(Object... params) {
        return lines(commandSpec().usageMessage().description(), params);
    }

    @Override
    public String footer(Object... params) {
        return lines(commandSpec().usageMessage().footer(), params);
    }

    @Override
    public String commandList(Map<String, CommandLine.Help> subcommands) {
        if (subcommands.isEmpty()) {
            return "";
        }
        int names = Math.min(subcommands.keySet().stream().mapToInt(String::length).max().orElse(0), width() / 2);
        TextTable table = new SpaceWrapped(colorScheme(), new Column(names + 2, 2, Overflow.SPAN),
                new Column(width() - (names + 2), 2, Overflow.WRAP));
        for (CommandLine.Help help : subcommands.values()) {
            UsageMessageSpec usage = help.commandSpec().usageMessage();
            String[] summary = usage.header().length > 0 ? usage.header() : usage.description();
            String first = summary.length > 0 ? format(summary[0]) : "";
            Text[] lines = colorScheme().text(first).splitLines();
            for (int i = 0; i < lines.length; i++) {
                Text name = i == 0 ? help.commandNamesText(", ") : Ansi.OFF.new Text("", colorScheme());
                table.addRowValues(name, lines[i]);
            }
        }
        return table.toString();
    }

    @Override
    protected String insertSynopsisCommandName(int headingLength, Text details) {
        // As picocli does, but wrapped at spaces: "[--[no-]respect-gitignore]" is one word.
        String name = commandSpec().qualifiedName();
        UsageMessageSpec usage = commandSpec().usageMessage();
        int indent = headingLength + name.length() + 1;
        if (indent > usage.synopsisAutoIndentThreshold() * width()) {
            indent = Math.min(usage.synopsisIndent() < 0 ? headingLength : usage.synopsisIndent(), width() * 9 / 10);
        }
        SpaceWrapped table = new SpaceWrapped(colorScheme(), new Column(width(), 0, Overflow.WRAP));
        table.indentWrappedLines = indent;
        Text heading = Ansi.OFF.new Text("X".repeat(headingLength), colorScheme());
        table.addRowValues(heading.concat(colorScheme().commandText(name)).concat(details));
        return table.toString().substring(headingLength);
    }

    private int width() {
        return commandSpec().usageMessage().width();
    }

    /** Free text, one entry a paragraph or a line; each continues under the text after its key. */
    private String lines(String[] values, Object... params) {
        StringBuilder out = new StringBuilder();
        SpaceWrapped table = new SpaceWrapped(colorScheme(), new Column(width(), 0, Overflow.WRAP));
        for (String value : values) {
            for (String line : format(value, params).split("\\R", -1)) {
                table.indentWrappedLines = hangingIndent(line);
                table.addRowValues(colorScheme().text(line));
            }
        }
        return table.toString(out).toString();
    }

    /** {@code %n} and the parameters filled in, as picocli does; a text that is no format string stays as it is. */
    private static String format(String value, Object... params) {
        try {
            return String.format(value, params);
        } catch (java.util.IllegalFormatException e) {
            return value;
        }
    }

    /** Where the continuation of {@code line} starts: under the text after a leading key ({@code "  1  "}), if any. */
    static int hangingIndent(String line) {
        Matcher m = KEY.matcher(line);
        return m.lookingAt() ? m.end() : 0;
    }

    /**
     * Where a text breaks into lines of at most {@code first} and then {@code rest} characters: only at spaces, which
     * are dropped at the break. A word longer than a line stays whole.
     *
     * @return {@code [start, end)} of each line
     */
    static List<int[]> breaks(String text, int first, int rest) {
        List<int[]> lines = new ArrayList<>();
        int n = text.length();
        int start = 0;
        int width = first;
        while (start < n) {
            if (n - start <= width) {
                lines.add(new int[] {start, n});
                break;
            }
            int end = text.lastIndexOf(' ', start + width);
            while (end > start && text.charAt(end - 1) == ' ') {
                end--;
            }
            if (end <= start) {
                int word = start;
                while (word < n && text.charAt(word) == ' ') {
                    word++;
                }
                end = text.indexOf(' ', word);
                end = end < 0 ? n : end;
            }
            lines.add(new int[] {start, end});
            start = end;
            while (start < n && text.charAt(start) == ' ') {
                start++;
            }
            width = rest;
        }
        return lines;
    }

    /** picocli's table, its wrapping columns broken at spaces only. */
    static final class SpaceWrapped extends TextTable {
        private final ColorScheme scheme;

        SpaceWrapped(ColorScheme scheme, Column... columns) {
            super(scheme, columns);
            this.scheme = scheme;
        }

        @Override
        public Cell putValue(int row, int col, Text value) {
            Column column = columns()[col];
            if (column.overflow != Overflow.WRAP || value == null || value.plainString().isEmpty()) {
                return super.putValue(row, col, value);
            }
            int first = column.width - column.indent;
            List<int[]> lines = breaks(value.plainString(), first, first - indentWrappedLines);
            Cell last = null;
            for (int i = 0; i < lines.size(); i++) {
                Text line = value.substring(lines.get(i)[0], lines.get(i)[1]);
                if (i > 0) {
                    addEmptyRow();
                    row++;
                    line = scheme.text(" ".repeat(indentWrappedLines)).concat(line);
                }
                // Each line fits its column, so picocli writes it as it is.
                last = super.putValue(row, col, line);
            }
            return last;
        }
    }
}
