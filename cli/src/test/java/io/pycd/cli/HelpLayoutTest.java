package io.pycd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;

/** Every command's --help at the default width: words and file names whole, continuation lines indented. */
class HelpLayoutTest {

    private static final int WIDE = 10_000;

    @Test
    void everyCommandsHelpBreaksLinesOnlyBetweenWords() {
        Map<String, CommandLine> narrow = commands(Main.commandLine());
        CommandLine wideModel = Main.commandLine();
        wideModel.setUsageHelpWidth(WIDE);
        Map<String, CommandLine> wide = commands(wideModel);
        assertThat(narrow.keySet()).contains("pycd", "pycd compile", "pycd status", "pycd clean", "pycd watch",
                "pycd daemon start", "pycd audit", "pycd ignore add", "pycd completion");
        for (Map.Entry<String, CommandLine> c : narrow.entrySet()) {
            int width = c.getValue().getUsageHelpWidth();
            assertThat(width).isEqualTo(80);
            String help = c.getValue().getUsageMessage(Ansi.OFF);
            // Unwrapped, every word of the help is whole: each word of the wrapped help must be one of them.
            Set<String> words = words(wide.get(c.getKey()).getUsageMessage(Ansi.OFF));
            for (String line : help.lines().toList()) {
                assertThat(line.length()).as(c.getKey() + ": " + line).isLessThanOrEqualTo(width);
                for (String word : line.isBlank() ? new String[0] : line.strip().split(" +")) {
                    assertThat(words).as(c.getKey() + ": '" + word + "' in: " + line).contains(word);
                }
            }
        }
    }

    @Test
    void everyContinuationLineIsIndentedUnderWhatItContinues() {
        for (Map.Entry<String, CommandLine> c : commands(Main.commandLine()).entrySet()) {
            CommandLine.Help help = c.getValue().getHelp();
            for (String list : List.of(help.optionList(), help.parameterList(), help.commandList())) {
                for (String line : list.lines().toList()) {
                    assertThat(line).as(c.getKey()).matches("^$| .*");
                }
            }
            List<String> footer = help.footer().lines().toList();
            for (int i = 1; i < footer.size(); i++) {
                String line = footer.get(i);
                String before = footer.get(i - 1);
                if (!line.isEmpty() && !line.startsWith(" ") && !line.endsWith(":")) {
                    assertThat(before).as(c.getKey() + ": a line continued at column 0: " + line)
                            .matches("^$|\\S.*");
                }
                if (line.startsWith(" ") && !line.matches(" +\\S+ {2,}\\S.*") && before.matches(" +\\S+ {2,}\\S.*")) {
                    assertThat(indent(line)).as(c.getKey() + ": " + line)
                            .isEqualTo(HelpLayout.hangingIndent(before));
                }
            }
        }
    }

    @Test
    void linesBreakAtSpacesAndAWordLongerThanALineStaysWhole() {
        String text = "pycd clean --all x$py.class .gitignore averyveryverylongword end";
        List<String> lines = new ArrayList<>();
        for (int[] r : HelpLayout.breaks(text, 20, 12)) {
            lines.add(text.substring(r[0], r[1]));
        }
        assertThat(lines).containsExactly("pycd clean --all", "x$py.class", ".gitignore", "averyveryverylongword",
                "end");
        assertThat(HelpLayout.hangingIndent("  1  some path could not be removed")).isEqualTo(5);
        assertThat(HelpLayout.hangingIndent("  orphan, stale, wrong-version")).isEqualTo(2);
        assertThat(HelpLayout.hangingIndent("Default: removes orphaned caches")).isZero();
    }

    private static int indent(String line) {
        return line.length() - line.stripLeading().length();
    }

    private static Set<String> words(String help) {
        return new HashSet<>(Arrays.asList(help.strip().split("\\s+")));
    }

    /** Every command and subcommand of the model by its qualified name, the root first. */
    private static Map<String, CommandLine> commands(CommandLine root) {
        Map<String, CommandLine> all = new LinkedHashMap<>();
        List<CommandLine> todo = new ArrayList<>(List.of(root));
        while (!todo.isEmpty()) {
            CommandLine c = todo.remove(0);
            all.putIfAbsent(c.getCommandSpec().qualifiedName(), c);
            todo.addAll(c.getSubcommands().values());
        }
        return all;
    }
}
