package io.pycd.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * fish's completions for a picocli command line, written from the same model as --help (picocli's AutoComplete
 * writes only bash). One {@code complete} line per subcommand and per option, each guarded by the chain of
 * subcommands it belongs to.
 */
final class FishCompletion {

    private FishCompletion() {
    }

    static String script(CommandLine root) {
        String name = root.getCommandName();
        StringBuilder out = new StringBuilder()
                .append("# fish completion for ").append(name).append(", generated from its command model.\n")
                .append("# Install: ").append(name).append(" completion fish > ~/.config/fish/completions/")
                .append(name).append(".fish\n");
        describe(name, root, List.of(), out);
        return out.toString();
    }

    private static void describe(String program, CommandLine cmd, List<String> path, StringBuilder out) {
        Map<String, CommandLine> subs = cmd.getSubcommands();
        String here = condition(path, subs.keySet());
        for (OptionSpec o : cmd.getCommandSpec().options()) {
            if (o.hidden()) {
                continue;
            }
            StringBuilder line = new StringBuilder("complete -c ").append(program);
            if (!here.isEmpty()) {
                line.append(" -n ").append(quote(here));
            }
            for (String n : o.names()) {
                line.append(n.startsWith("--") ? " -l " + n.substring(2) : " -s " + n.substring(1));
            }
            if (o.arity().max() > 0) {
                Iterable<String> choices = o.completionCandidates();
                if (choices != null && choices.iterator().hasNext()) {
                    line.append(" -x -a ").append(quote(String.join(" ", choices)));
                } else {
                    line.append(" -r");
                }
            }
            appendDescription(line, o.description());
            out.append(line).append('\n');
        }
        for (Map.Entry<String, CommandLine> e : subs.entrySet()) {
            CommandSpec spec = e.getValue().getCommandSpec();
            if (spec.usageMessage().hidden() || !e.getKey().equals(spec.name())) {
                continue;   // aliases complete through their command's name
            }
            StringBuilder line = new StringBuilder("complete -c ").append(program).append(" -f -n ")
                    .append(quote(here)).append(" -a ").append(e.getKey());
            appendDescription(line, spec.usageMessage().description());
            out.append(line).append('\n');
        }
        for (Map.Entry<String, CommandLine> e : subs.entrySet()) {
            if (e.getKey().equals(e.getValue().getCommandSpec().name())) {
                List<String> deeper = new ArrayList<>(path);
                deeper.add(e.getKey());
                describe(program, e.getValue(), deeper, out);
            }
        }
    }

    /** fish's test that the command line is in {@code path} and past none of {@code subs} (the level below). */
    private static String condition(List<String> path, Iterable<String> subs) {
        List<String> tests = new ArrayList<>();
        for (String p : path) {
            tests.add("__fish_seen_subcommand_from " + p);
        }
        if (subs.iterator().hasNext()) {
            tests.add("not __fish_seen_subcommand_from " + String.join(" ", subs));
        }
        return String.join("; and ", tests);
    }

    private static void appendDescription(StringBuilder line, String[] description) {
        // the first sentence of the first line that says something (picocli's own help starts with %n)
        for (String d : description) {
            for (String part : d.split("%n")) {
                if (!part.isBlank()) {
                    String first = part.strip();
                    int stop = first.indexOf(". ");
                    line.append(" -d ").append(quote(stop > 0 ? first.substring(0, stop) : first));
                    return;
                }
            }
        }
    }

    private static String quote(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
