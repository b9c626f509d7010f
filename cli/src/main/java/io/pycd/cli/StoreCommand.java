package io.pycd.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pycd.config.ByteSize;
import io.pycd.config.ConfigException;
import io.pycd.config.ConfigMemo;
import io.pycd.config.ProjectConfig;
import io.pycd.environment.Environment;
import io.pycd.settings.SettingsException;
import io.pycd.settings.StoreLocation;
import io.pycd.state.CompileRecord;
import io.pycd.store.BytecodeStore;
import io.pycd.store.PruneResult;
import io.pycd.store.StoreStats;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

final class StoreCommand implements Callable<Integer> {

    /** Prune forgets the compile record of folders pycd has not compiled in for this long. */
    static final java.time.Duration RECORD_UNUSED = java.time.Duration.ofDays(90);
    final OutputOptions output = new OutputOptions();

    /** The command's model: its help and options, in the order --help lists them. */
    CommandSpec spec() {
        CommandSpec spec = Specs.command("store", this);
        spec.usageMessage()
                .description("Show the bytecode store: entries, size, limit, hits and misses.",
                        "pycd compile and watch look every stale module up in the store before compiling it: code "
                                + "compiled once for the same bytes, interpreter, levels and file name is written from "
                                + "there. The store is $PYCD_STORE, else $XDG_CACHE_HOME/pycd/store "
                                + "(~/.cache/pycd/store); its limit PYCD_STORE_MAX_SIZE, else [tool.pycd] "
                                + "store-max-size, else 1G. Each run that adds entries writes a pack of them; once "
                                + "there are 64 packs, the next such run merges the small ones. Deleting the store is "
                                + "always safe.")
                .footerHeading("%nExit codes:%n")
                .footer("  0  done", "  1  the store cannot be used (why is printed), or some entries could not be "
                        + "removed",
                        "  2  usage error: a bad --max-size or PYCD_STORE_MAX_SIZE");
        spec.addSubcommand(null, new Prune().spec());
        spec.addSubcommand(null, new Clear().spec());
        output.addTo(spec);
        return Specs.standardHelp(spec);
    }

    @Override
    public Integer call() {
        Terminal term = Terminal.system();
        BytecodeStore store = open(location());
        StoreStats stats;
        try {
            stats = store.stats();
        } catch (IOException e) {
            throw new UsageFailure(store.folder() + ": cannot read: " + e.getMessage(), e);
        }
        Optional<String> problem = store.problem();
        if (output.json()) {
            ObjectNode doc = Json.object().put("path", stats.folder().toString()).put("entries", stats.entries())
                    .put("bytes", stats.bytes()).put("max_bytes", stats.maxBytes()).put("hits", stats.hits())
                    .put("misses", stats.misses()).put("problem", problem.orElse(null));
            Json.print(term.out(), doc);
        } else {
            problem.ifPresent(p -> term.err().println("pycd: " + p + "; compiles do not use the store"));
            if (!output.quiet()) {
                term.out().println(Terminal.count(stats.entries()) + " entries · " + ByteSize.format(stats.bytes())
                        + " of " + ByteSize.format(stats.maxBytes()) + " · hits " + Terminal.count(stats.hits())
                        + " · misses " + Terminal.count(stats.misses()) + " · " + stats.folder());
            }
        }
        return problem.isPresent() ? ExitCodes.PROBLEMS : ExitCodes.OK;
    }

    /** The store compile would use here: the environment, then the nearest pyproject.toml's store-max-size. */
    static StoreLocation location() {
        Environment environment = Environment.current();
        try {
            return StoreLocation.of(environment, ProjectConfig.find(environment.workingDirectory(),
                    ConfigMemo.forUser(environment)));
        } catch (ConfigException | SettingsException e) {
            throw new UsageFailure(e.getMessage());
        }
    }

    private static BytecodeStore open(StoreLocation where) {
        return BytecodeStore.open(where.folder(), where.maxBytes());
    }

    static final class Prune implements Callable<Integer> {

        String maxSize;
        final OutputOptions output = new OutputOptions();

        /** The command's model: its help and options, in the order --help lists them. */
        CommandSpec spec() {
            CommandSpec spec = Specs.command("prune", this);
            spec.usageMessage()
                    .description("Remove the least recently used packs of entries until the store fits its limit (or "
                            + "--max-size), halves of packs left by a crash and an older pycd's entries; also forget "
                            + "pycd's compile record of folders "
                            + "it has written no cache in for 90 days.")
                    .footerHeading("%nExit codes:%n")
                    .footer("  0  done", "  1  some entries could not be removed", "  2  usage error");
            spec.addOption(Specs.option(String.class, this, "maxSize", "--max-size")
                    .paramLabel("SIZE")
                    .description("Prune down to SIZE: bytes, or a number with K, M, G or T (500M, 2G). "
                            + "Default: the store's limit.").build());
            output.addTo(spec);
            return Specs.standardHelp(spec);
        }

        @Override
        public Integer call() {
            StoreLocation where = location();
            long target;
            try {
                target = maxSize == null ? where.maxBytes() : ByteSize.parse(maxSize);
            } catch (IllegalArgumentException e) {
                throw new UsageFailure("--max-size: " + e.getMessage());
            }
            PruneResult r = open(where).prune(target);
            int forgotten = CompileRecord.forUser(Environment.current()).forgetUnusedFor(RECORD_UNUSED);
            Terminal term = Terminal.system();
            if (output.json()) {
                ObjectNode doc = result(where, r).put("entries", r.entries()).put("bytes", r.bytes())
                        .put("max_bytes", target).put("record_files_removed", forgotten);
                Json.print(term.out(), doc);
            } else {
                printErrors(term, r);
                if (!output.quiet()) {
                    term.out().println("removed " + Terminal.count(r.removed()) + " entries, "
                            + ByteSize.format(r.bytesFreed()) + " · " + Terminal.count(r.entries()) + " entries, "
                            + ByteSize.format(r.bytes()) + " left of " + ByteSize.format(target)
                            + (forgotten > 0 ? " · forgot the compile record of " + Terminal.count(forgotten)
                            + " folders" : ""));
                }
            }
            return r.errors().isEmpty() ? ExitCodes.OK : ExitCodes.PROBLEMS;
        }
    }

    static final class Clear implements Callable<Integer> {

        final OutputOptions output = new OutputOptions();

        /** The command's model: its help and options, in the order --help lists them. */
        CommandSpec spec() {
            CommandSpec spec = Specs.command("clear", this);
            spec.usageMessage()
                    .description("Remove every entry (and temp file) of the store and restart its hit and miss counts. "
                            + "Files in the store's folder that pycd did not write are left alone.")
                    .footerHeading("%nExit codes:%n")
                    .footer("  0  done", "  1  some entries could not be removed", "  2  usage error");
            output.addTo(spec);
            return Specs.standardHelp(spec);
        }

        @Override
        public Integer call() {
            StoreLocation where = location();
            PruneResult r = open(where).clear();
            Terminal term = Terminal.system();
            if (output.json()) {
                Json.print(term.out(), result(where, r));
            } else {
                printErrors(term, r);
                if (!output.quiet()) {
                    term.out().println("removed " + Terminal.count(r.removed()) + " entries, "
                            + ByteSize.format(r.bytesFreed()) + " · " + where.folder());
                }
            }
            return r.errors().isEmpty() ? ExitCodes.OK : ExitCodes.PROBLEMS;
        }
    }

    /** {@code {"path", "removed", "bytes_freed", "errors": [{"path", "message"}]}} */
    private static ObjectNode result(StoreLocation where, PruneResult r) {
        ObjectNode doc = Json.object().put("path", where.folder().toString()).put("removed", r.removed())
                .put("bytes_freed", r.bytesFreed());
        ArrayNode errors = doc.putArray("errors");
        r.errors().forEach(f -> errors.addObject().put("path", f.path().toString()).put("message", f.message()));
        return doc;
    }

    private static void printErrors(Terminal term, PruneResult r) {
        r.errors().forEach(f -> term.err().println("pycd: " + f.path() + ": " + f.message()));
    }
}
