package io.pycd.cli.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pycd.audit.HistoricCache;
import io.pycd.audit.RepoAudit;
import io.pycd.audit.TrackedCache;
import io.pycd.cli.Json;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --format sarif}: SARIF 2.1.0, one run per repository (each with its own {@code %SRCROOT%}), one rule per
 * finding type, locations as repository-relative URIs. Collapsed like the text report: one result per missing
 * rule, located at the ignore file to fix, with the folders as related locations.
 */
public final class SarifReport {

    static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
    static final String ROOT = "%SRCROOT%";

    private record Rule(String id, String name, String text, String help) {
    }

    private static final List<Rule> RULES = List.of(
            new Rule("tracked-cache", "TrackedCache", "A Python bytecode cache is committed to git.",
                    "Untrack it and keep the file: git rm --cached -- PATH (or pycd audit --fix)."),
            new Rule("sourceless-cache", "SourcelessCache",
                    "A compiled module with no source is committed (Python imports it directly).",
                    "If it is not a deliberate fixture, untrack it: git rm --cached -- PATH."),
            new Rule("history-cache", "HistoryCache", "A Python bytecode cache was committed in the history.",
                    "Only a history rewrite removes it (git filter-repo)."),
            new Rule("ignore-gap", "IgnoreGap", "The ignore rules let Python bytecode caches be committed.",
                    "Add the missing line to the root .gitignore (pycd ignore add, or pycd audit --fix)."),
            new Rule("dockerignore-missing", "DockerignoreMissing",
                    "A container build context with Python sources has no .dockerignore.",
                    "Add one: pycd ignore add --kind docker CONTEXT."),
            new Rule("dockerignore-gap", "DockerignoreGap", "The .dockerignore lets Python bytecode caches into"
                    + " the image.", "Add the missing line (patterns are relative to the context root)."));

    private SarifReport() {
    }

    public static JsonNode of(List<RepoAudit> audits, boolean strict, String version) {
        ObjectNode root = Json.object();
        root.put("$schema", SCHEMA);
        root.put("version", "2.1.0");
        ArrayNode runs = root.putArray("runs");
        for (RepoAudit a : audits) {
            runs.add(run(a, strict, version));
        }
        return root;
    }

    private static ObjectNode run(RepoAudit a, boolean strict, String version) {
        ObjectNode run = Json.object();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", "pycd");
        driver.put("semanticVersion", version);
        driver.put("informationUri", "https://github.com/pycd/pycd");
        Map<String, Integer> index = new LinkedHashMap<>();
        ArrayNode rules = driver.putArray("rules");
        for (Rule r : RULES) {
            index.put(r.id, index.size());
            ObjectNode o = rules.addObject();
            o.put("id", r.id).put("name", r.name);
            o.putObject("shortDescription").put("text", r.text);
            o.putObject("help").put("text", r.help);
            o.putObject("defaultConfiguration").put("level", r.id.equals("history-cache")
                    || r.id.equals("sourceless-cache") ? "note" : "error");
        }
        String base = a.repo().root().toUri().toString();
        run.putObject("originalUriBaseIds").putObject(ROOT).put("uri", base.endsWith("/") ? base : base + "/");
        ArrayNode results = run.putArray("results");
        for (TrackedCache t : a.tracked()) {
            String msg = "Tracked cache " + t.path() + (t.sourceless() ? " (its source is not tracked)" : "")
                    + (t.ignoredBy() != null ? "; already ignored by " + t.ignoredBy()
                    + ", only git rm --cached untracks it" : "") + ".";
            result(results, index, t.type(), t.fails(strict), msg, t.path());
        }
        for (Groups.GapGroup g : Groups.gaps(a.ignoreGaps(), strict)) {
            String msg = g.reinclusion()
                    ? String.join(", ", g.kinds()) + " caches are re-included by " + g.rule() + " in "
                    + g.dirs().size() + " folder(s)."
                    : "No ignore rule for " + String.join(", ", g.kinds()) + " caches in " + g.dirs().size()
                    + " folder(s): add `" + g.rule() + "` to .gitignore.";
            String file = g.reinclusion() ? g.rule().substring(0, g.rule().indexOf(':')) : ".gitignore";
            ObjectNode r = result(results, index, "ignore-gap", g.fails(), msg, file);
            ArrayNode related = r.putArray("relatedLocations");
            int id = 1;
            for (String d : g.dirs()) {
                ObjectNode loc = related.addObject();
                loc.put("id", id++);
                artifact(loc, d.equals(".") ? "" : d + "/");
            }
            r.putObject("properties").put("rule", g.rule()).set("kinds", strings(g.kinds()));
        }
        for (Groups.DockerGroup d : Groups.docker(a.docker(), strict)) {
            if (d.missing()) {
                result(results, index, "dockerignore-missing", d.fails(), d.dockerfile() + ": no .dockerignore in"
                        + " its build context " + d.context() + "; caches are copied into the image.", d.dockerfile());
            } else {
                ObjectNode r = result(results, index, "dockerignore-gap", d.fails(), d.ignoreFile() + " lets "
                        + String.join(", ", d.kinds()) + " caches into the image of " + d.dockerfile() + " from "
                        + d.dirs().size() + " folder(s): add `" + d.rule() + "`.", d.ignoreFile());
                r.putObject("properties").put("rule", d.rule()).set("folders", strings(d.dirs()));
            }
        }
        for (HistoricCache h : a.history()) {
            ObjectNode r = result(results, index, "history-cache", h.fails(strict), "Cache " + h.path()
                    + " was added by commit " + h.commit() + (h.bytes() == null ? "" : " (" + h.bytes()
                    + " bytes)") + ".", h.path());
            ObjectNode props = r.putObject("properties").put("commit", h.commit());
            if (h.bytes() != null) {
                props.put("bytes", h.bytes());
            }
        }
        return run;
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode a = Json.array();
        values.forEach(a::add);
        return a;
    }

    private static ObjectNode result(ArrayNode results, Map<String, Integer> index, String rule, boolean fails,
                                     String message, String path) {
        ObjectNode r = results.addObject();
        r.put("ruleId", rule);
        r.put("ruleIndex", index.get(rule));
        r.put("level", fails ? "error" : "note");
        r.putObject("message").put("text", message);
        artifact(r.putArray("locations").addObject(), path);
        return r;
    }

    private static void artifact(ObjectNode location, String path) {
        location.putObject("physicalLocation").putObject("artifactLocation").put("uri", uri(path))
                .put("uriBaseId", ROOT);
    }

    /** A relative URI reference for a repository path: unreserved characters kept, everything else escaped. */
    static String uri(String path) {
        StringBuilder sb = new StringBuilder();
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._~/!$&'()*+,;=@".indexOf(c)
                    >= 0) {
                sb.append((char) c);
            } else {
                sb.append('%').append(String.format("%02X", c));
            }
        }
        return sb.toString();
    }
}
