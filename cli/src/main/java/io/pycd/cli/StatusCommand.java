package io.pycd.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pycd.cache.CacheState;
import io.pycd.interpreter.InUse;
import io.pycd.settings.Request;
import io.pycd.settings.Resolved;
import io.pycd.status.StatusEntry;
import io.pycd.status.StatusReport;
import io.pycd.status.StatusScanner;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;

final class StatusCommand implements Callable<Integer> {

    final List<Path> paths = new ArrayList<>();

    boolean check;

    boolean onlyTargets;

    final CacheOptions target = new CacheOptions();

    final EnvOptions envOptions = new EnvOptions();

    final OutputOptions output = new OutputOptions();

    /** The command's model: its help and options, in the order --help lists them. */
    CommandSpec spec() {
        CommandSpec spec = Specs.command("status", this);
        spec.usageMessage()
                .description("Say what state every cache under PATH is in; change nothing.",
                        "States: fresh, stale (with why), missing (a target interpreter has no cache), orphaned (the "
                                + "source is gone), wrong-version (a version nothing here can run for this project: "
                                + "clean removes it), other-version (a version in use here that is not a target: clean "
                                + "keeps it; see clean --help for what is in use).",
                        "A pycd daemon that watches PATH with the same settings answers instead of a walk, once it has "
                                + "acted on every change made before the command (-v says which way the report came).")
                .footerHeading("%nExit codes:%n")
                .footer("  0  done (with --check: nothing stale or missing)", "  1  with --check: some cache is stale "
                        + "or missing, or a path could not be read",
                        "  2  usage or configuration error");
        spec.addPositional(Specs.paths(paths,
                "Folders or .py files (any other file is a usage error). Default: the current folder "
                        + "(none with --env).").build());
        spec.addOption(Specs.flag(this, "check", "--check")
                .description("Exit 1 when any cache is stale or missing, or a path could not be read (for CI)."
                ).build());
        spec.addOption(Specs.flag(this, "onlyTargets", "--only-targets")
                .description("Call every version but the targets' (and --keep-version's) "
                        + "wrong-version, even when installed here, as clean --only-targets removes them.").build());
        target.addTo(spec);
        envOptions.addTo(spec);
        output.addTo(spec);
        return Specs.standardHelp(spec);
    }

    @Override
    public Integer call() {
        DaemonFirst.prepare();
        Resolved setup = CacheOptions.resolve(target.request(paths, Optional.empty())
                .withKeep(Optional.of(new Request.Keep(List.of()))).withEnv(envOptions.env()));
        Terminal term = Terminal.system();
        if (output.verbose() && !output.json()) {
            setup.targets().ifPresent(t -> t.compile().interpreters().forEach(i -> term.out().println(term.dim(
                    "target " + i.executable() + " (" + i.version() + ", " + i.cacheTag() + ") from "
                            + t.choice().describe()))));
        }
        // classes, not lambdas: a start's way (see Specs)
        Supplier<InUse> inUse = new Supplier<>() {
            @Override
            public InUse get() {
                return InUseOutput.find(setup, onlyTargets, new ArrayList<>());
            }
        };
        Optional<StatusReport> answered = DaemonFirst.status(setup, inUse, output, term);
        StatusReport report = answered.isPresent() ? answered.get() : walk(setup, inUse);
        if (output.json()) {
            Json.print(term.out(), toJson(report));
        } else {
            print(term, report);
        }
        return check && report.checkFails() ? ExitCodes.PROBLEMS : ExitCodes.OK;
    }

    /** Walks the trees and reads every cache's header: what status does when no daemon answers for them. */
    private static StatusReport walk(Resolved setup, Supplier<InUse> inUse) {
        try {
            return new StatusScanner(setup.compile(), setup.walk().walker(), inUse).scan(setup.roots());
        } catch (IOException e) {
            throw WalkOutput.unusablePath(e, "status");
        }
    }

    private void print(Terminal term, StatusReport report) {
        if (output.verbose()) {
            for (StatusEntry e : report.entries()) {
                String reason = reason(e.state());
                String why = reason == null ? "" : " (" + reason + ")";
                term.out().println(String.format("%-13s %s%s", e.state().label(), e.cache(), why));
            }
        } else if (check && !output.quiet()) {
            for (StatusEntry e : report.entries()) {
                if (e.state().kind() == CacheState.Kind.STALE || e.state().kind() == CacheState.Kind.MISSING) {
                    term.out().println(e.state().label() + " " + e.cache());
                }
            }
        }
        WalkOutput.print(term, report.problems(), output.verbose());
        if (!output.quiet()) {
            // Counted in caches, as compile's summary counts.
            StringBuilder line = new StringBuilder("caches:");
            String separator = " ";
            for (Map.Entry<CacheState.Kind, Integer> c : report.counts().entrySet()) {
                line.append(separator).append(c.getKey().label()).append(' ').append(Terminal.count(c.getValue()));
                separator = " · ";
            }
            long unreadable = report.unreadable();
            if (unreadable > 0) { // as compile's summary says it
                line.append(" · ").append(Terminal.count(unreadable)).append(unreadable == 1 ? " path" : " paths")
                        .append(" unreadable");
            }
            term.out().println(report.checkFails() ? term.yellow(line.toString()) : line.toString());
        }
    }

    static ObjectNode toJson(StatusReport report) {
        ObjectNode doc = Json.object();
        ArrayNode interpreters = doc.putArray("interpreters");
        report.interpreters().forEach(i -> interpreters.add(Json.interpreter(i)));
        ObjectNode counts = doc.putObject("counts");
        report.counts().forEach((k, v) -> counts.put(k.label().replace('-', '_'), v));
        ArrayNode caches = doc.putArray("caches");
        for (StatusEntry e : report.entries()) {
            ObjectNode n = caches.addObject().put("cache", e.cache().toString())
                    .put("source", Json.path(e.source()))
                    .put("interpreter", e.interpreter() == null ? null : e.interpreter().executable().toString())
                    .put("state", e.state().label());
            n.put("reason", reason(e.state()));
        }
        WalkOutput.json(doc.putArray("skipped"), report.problems());
        return doc;
    }

    /**
     * Why a cache is in its state: how a stale one differs, a wrong-version one's tag, an other-version one's tag and
     * why it is in use; null for the others.
     */
    private static String reason(CacheState state) {
        if (state instanceof CacheState.Stale s) {
            return s.reason();
        }
        if (state instanceof CacheState.OtherVersion o) {
            return o.tag() + ", in use: " + o.inUse();
        }
        return state instanceof CacheState.WrongVersion w ? w.tag() : null;
    }
}
