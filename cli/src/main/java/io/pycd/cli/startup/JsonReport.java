package io.pycd.cli.startup;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pycd.cli.Json;
import io.pycd.compile.CompileResult;
import io.pycd.startup.CompiledModule;
import io.pycd.startup.FixReport;
import io.pycd.startup.PythonProcess;
import io.pycd.startup.RunOutcome;
import io.pycd.startup.StartupProfile;

/**
 * {@code pycd startup --format json}: {@code {"command", "exit_code", "seconds", "import_seconds", "compile_seconds",
 * "compiled": [{"module", "source", "reason", "ms", "detail", "cache", "interpreter"}], "from_cache", "processes",
 * "fix", "after_fix"}}; {@code fix} and {@code after_fix} are null without {@code --fix}.
 */
public final class JsonReport {

    private JsonReport() {
    }

    public static ObjectNode render(Session session) {
        ObjectNode doc = Json.object();
        ArrayNode command = doc.putArray("command");
        session.command().forEach(command::add);
        run(doc, session.before().exitCode(), session.before().seconds(), session.before().profile());
        if (session.fix().isPresent()) {
            fix(doc.putObject("fix"), session.fix().get());
        } else {
            doc.putNull("fix");
        }
        if (session.after().isPresent()) {
            after(doc.putObject("after_fix"), session.after().get());
        } else {
            doc.putNull("after_fix");
        }
        return doc;
    }

    private static void run(ObjectNode n, int exitCode, double seconds, StartupProfile p) {
        n.put("exit_code", exitCode);
        n.put("seconds", round(seconds));
        n.put("import_seconds", round(p.importSeconds()));
        n.put("compile_seconds", round(p.compileSeconds()));
        ArrayNode compiled = n.putArray("compiled");
        for (CompiledModule m : p.compiled()) {
            compiled.addObject().put("module", m.module()).put("source", m.source().toString())
                    .put("reason", m.reason().label()).put("ms", Math.round(m.millis() * 1000) / 1000.0)
                    .put("detail", m.why().detail()).put("cache", m.cache().map(Object::toString).orElse(null))
                    .put("interpreter", m.process().executable().toString());
        }
        n.put("from_cache", p.fromCache().size());
        ArrayNode processes = n.putArray("processes");
        for (PythonProcess pp : p.processes()) {
            processes.addObject().put("pid", pp.pid()).put("executable", pp.executable().toString())
                    .put("version", pp.version()).put("cache_tag", pp.cacheTag())
                    .put("pycache_prefix", pp.pycachePrefix().map(Object::toString).orElse(null))
                    .put("optimize", pp.optimize()).put("dont_write_bytecode", pp.dontWriteBytecode());
        }
    }

    private static void fix(ObjectNode n, FixReport fix) {
        n.put("written", fix.written());
        n.put("fresh", fix.fresh());
        ArrayNode failed = n.putArray("failed");
        for (CompileResult.Failed f : fix.failed()) {
            Json.failure(failed.addObject(), f);
        }
        ArrayNode problems = n.putArray("problems");
        fix.problems().forEach(problems::add);
    }

    /** The run after the fix, in the first run's shape; when no Python reported, only its exit code and time. */
    private static void after(ObjectNode n, RunOutcome after) {
        if (after instanceof RunOutcome.Observed o) {
            run(n, o.exitCode(), o.seconds(), o.profile());
        } else if (after instanceof RunOutcome.Unobserved u) {
            n.put("exit_code", u.exitCode());
            n.put("seconds", round(u.seconds()));
            n.putNull("import_seconds");
        } else if (after instanceof RunOutcome.CouldNotStart c) {
            n.putNull("exit_code");
            n.put("error", c.message());
        }
    }

    private static double round(double seconds) {
        return Math.round(seconds * 1_000_000) / 1_000_000.0;
    }
}
