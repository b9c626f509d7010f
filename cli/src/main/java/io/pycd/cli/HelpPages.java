package io.pycd.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;

/**
 * Every command's {@code --help}, rendered by the build from the command model and read back at run time without
 * building that model. picocli's model of all commands (what {@code pycd --help} needs) costs several times the JVM's
 * own start; the text it renders depends on nothing but the model and whether colours are on, so the build renders
 * it twice (plain and with ANSI styles) into the jar, next to this class, and {@link Main} prints the page picocli
 * would. The model stays the one source: a page is a rendering of it, made from the same classes, and a command
 * without a page (run from classes the build did not process) falls back to picocli.
 */
public final class HelpPages {

    private static final String FOLDER = "help/";

    private HelpPages() {
    }

    /**
     * The page for {@code args} when they only ask for help: {@code --help} or {@code -h} after nothing but command
     * names ({@code pycd --help}, {@code pycd daemon start -h}); styled as picocli would style it on this output.
     */
    static Optional<String> lookup(String[] args) {
        if (args.length == 0 || !isHelpOption(args[args.length - 1])) {
            return Optional.empty();
        }
        StringBuilder name = new StringBuilder("pycd");
        for (int i = 0; i < args.length - 1; i++) {
            if (!isCommandName(args[i])) {
                return Optional.empty();
            }
            name.append('-').append(args[i]);
        }
        String suffix = Ansi.AUTO.enabled() ? ".ansi" : ".txt";
        try (InputStream in = HelpPages.class.getResourceAsStream(FOLDER + name + suffix)) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static boolean isHelpOption(String arg) {
        return "--help".equals(arg) || "-h".equals(arg);
    }

    /** A word that can only be a command's name (lower-case letters and dashes): never a path or an option. */
    private static boolean isCommandName(String arg) {
        return !arg.isEmpty() && arg.chars().allMatch(c -> (c >= 'a' && c <= 'z') || c == '-') && arg.charAt(0) != '-';
    }

    /** Each page's file name (without suffix) and the command line it documents, every command and subcommand. */
    static Map<String, CommandLine> commands() {
        Map<String, CommandLine> all = new java.util.LinkedHashMap<>();
        collect(Main.commandLine(), "pycd", all);
        return all;
    }

    private static void collect(CommandLine cl, String name, Map<String, CommandLine> all) {
        all.put(name, cl);
        cl.getSubcommands().forEach((sub, child) -> {
            // picocli's own help command has no --help of its own; aliases are the same command
            if (!(child.getCommand() instanceof CommandLine.HelpCommand) && sub.equals(child.getCommandName())) {
                collect(child, name + "-" + sub, all);
            }
        });
    }

    /** What picocli prints for {@code --help} of {@code cl} with colours on or off. */
    static String render(CommandLine cl, Ansi ansi) {
        return cl.getUsageMessage(CommandLine.Help.defaultColorScheme(ansi));
    }

    /** Run by the build (process-classes): writes every page under {@code args[0]} (the classes folder). */
    public static void main(String[] args) throws IOException {
        Path folder = Path.of(args[0]).resolve(HelpPages.class.getPackageName().replace('.', '/')).resolve(FOLDER);
        Files.createDirectories(folder);
        for (Map.Entry<String, CommandLine> page : commands().entrySet()) {
            Files.writeString(folder.resolve(page.getKey() + ".txt"), render(page.getValue(), Ansi.OFF));
            Files.writeString(folder.resolve(page.getKey() + ".ansi"), render(page.getValue(), Ansi.ON));
        }
    }
}
