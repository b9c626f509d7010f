package io.pycd.cli;

import io.pycd.audit.fix.Append;
import io.pycd.audit.fix.MissingEntries;
import io.pycd.audit.template.Template;
import io.pycd.git.ignore.IgnoreFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

final class IgnoreCommand implements Callable<Integer> {

    CommandSpec spec;

    /** The command's model: its help and options, in the order --help lists them. */
    CommandSpec spec() {
        CommandSpec spec = Specs.command("ignore", this);
        spec.usageMessage()
                .description("Show pycd's ignore-file templates, or add what an ignore file is missing.")
                .footerHeading("%nExit codes:%n")
                .footer("  0  done (or nothing to add)", "  2  usage error, or the ignore file cannot be read or "
                        + "written")
                .synopsisSubcommandLabel("COMMAND");
        spec.addSubcommand(null, new Show().spec());
        spec.addSubcommand(null, new Add().spec());
        this.spec = spec;
        return Specs.standardHelp(spec);
    }

    @Override
    public Integer call() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a command is required: show or add");
    }

    enum ShowKind { git, docker, hg }

    enum AddKind { git, docker }

    static final class Show implements Callable<Integer> {
        CommandSpec spec;
        ShowKind kind;

        /** The command's model: its help and options, in the order --help lists them. */
        CommandSpec spec() {
            CommandSpec spec = Specs.command("show", this);
            spec.usageMessage()
                    .description("Print a template: caches (__pycache__/, *.py[cod], *$py.class, temp files), then an"
                            + " optional section of tool debris.")
                    .footerHeading("%nExit codes:%n")
                    .footer("  0  printed", "  2  usage error");
            this.spec = spec;
            spec.addOption(Specs.option(ShowKind.class, this, "kind", "--kind")
                    .paramLabel("KIND")
                    .defaultValue("git")
                    .description("Which template: git (.gitignore, default), docker (.dockerignore, patterns relative"
                            + " to the context root), hg (.hgignore, glob syntax).").build());
            return Specs.standardHelp(spec);
        }

        @Override
        public Integer call() {
            Template t = Template.load(Template.Kind.valueOf(kind.name().toUpperCase(java.util.Locale.ROOT)));
            spec.commandLine().getOut().print(t.text());
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
    }

    static final class Add implements Callable<Integer> {
        CommandSpec spec;
        AddKind kind;
        boolean debris;
        boolean dryRun;
        boolean quiet;
        Path path;

        /** The command's model: its help and options, in the order --help lists them. */
        CommandSpec spec() {
            CommandSpec spec = Specs.command("add", this);
            spec.usageMessage()
                    .description("Append the template lines an ignore file lacks, under a comment line. Existing lines"
                            + " are never changed or moved; the file's line endings are kept; a cache line counts as"
                            + " present when the file already ignores what it covers (so *.pyc plus *.pyo need no"
                            + " *.py[cod]). Running it twice adds nothing the second time.")
                    .footerHeading("%nExit codes:%n")
                    .footer("  0  added, or nothing was missing", "  2  usage error, or the file cannot be written");
            this.spec = spec;
            spec.addOption(Specs.option(AddKind.class, this, "kind", "--kind")
                    .paramLabel("KIND")
                    .defaultValue("git")
                    .description("git (PATH/.gitignore, default) or docker (PATH/.dockerignore).").build());
            spec.addOption(Specs.flag(this, "debris", "--debris")
                    .description("Also add the template's optional tool-debris section.").build());
            spec.addOption(Specs.flag(this, "dryRun", "-n", "--dry-run")
                    .description("Print what would be added; change nothing.").build());
            spec.addOption(Specs.flag(this, "quiet", "-q", "--quiet")
                    .description("Print nothing (the exit code says how it went).").build());
            spec.addPositional(Specs.parameter(Path.class, this, "path")
                    .paramLabel("PATH")
                    .arity("0..1")
                    .description("The folder holding the ignore file, or"
                            + " the ignore file itself. Default: the current folder.").build());
            return Specs.standardHelp(spec);
        }

        @Override
        public Integer call() {
            Template.Kind k = kind == AddKind.git ? Template.Kind.GIT : Template.Kind.DOCKER;
            Path target = path == null ? Path.of(".") : path;
            Path file;
            if (Files.isDirectory(target)) {
                file = target.resolve(k.fileName());
            } else if (Files.isRegularFile(target) || Files.isDirectory(target.toAbsolutePath().getParent())
                    && target.getFileName().toString().equals(k.fileName())) {
                file = target;
            } else {
                throw new UsageFailure(target + ": no such folder");
            }
            if (Files.isSymbolicLink(file)) {
                throw new UsageFailure(file + ": is a symbolic link; not editing it");
            }
            byte[] existing = Files.exists(file) ? IgnoreFiles.read(file, true) : null;
            if (Files.exists(file) && existing == null) {
                throw new UsageFailure(file + ": cannot read it");
            }
            List<String> missing = MissingEntries.of(Template.load(k), existing, debris);
            PrintWriter out = spec.commandLine().getOut();
            if (missing.isEmpty()) {
                return ExitCodes.OK;
            }
            Append a = new Append(file, file.toString(), existing == null, missing);
            if (!dryRun) {
                try {
                    a.apply();
                } catch (IOException e) {
                    throw new UsageFailure(e.getMessage(), e); // names the file
                }
            }
            if (!quiet) {
                out.println((dryRun ? "would add to " : "added to ") + file + ": " + String.join("  ", missing));
            }
            out.flush();
            return ExitCodes.OK;
        }
    }
}
