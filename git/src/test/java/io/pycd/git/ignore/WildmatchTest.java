package io.pycd.git.ignore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Wildmatch edge cases that need no git, and the work bound on patterns that make plain backtracking explode. */
class WildmatchTest {

    private static Wildmatch.Outcome run(String pattern, String text) {
        byte[] p = pattern.getBytes(StandardCharsets.UTF_8);
        byte[] t = text.getBytes(StandardCharsets.UTF_8);
        return Wildmatch.run(p, 0, p.length, t, 0, t.length, true, false);
    }

    @Test
    void pathologicalDoubleStarsStayPolynomial() {
        String pattern = "**/".repeat(30) + "x";
        String text = "a/".repeat(200) + "y";
        Wildmatch.Outcome o = run(pattern, text);
        assertThat(o.result()).isNotEqualTo(Wildmatch.MATCH);
        // without the memo this is about C(230, 30) calls; with it each (pattern, text) position pair is worked
        // out once, and each working-out makes at most one call per text position
        assertThat(o.steps()).isLessThan(bound(pattern, text));
    }

    @Test
    void pathologicalStarsStayPolynomial() {
        String pattern = "*a".repeat(40) + "b";
        String text = "a".repeat(400);
        Wildmatch.Outcome o = run(pattern, text);
        assertThat(o.result()).isNotEqualTo(Wildmatch.MATCH);
        assertThat(o.steps()).isLessThan(bound(pattern, text));
    }

    private static long bound(String pattern, String text) {
        return (long) (pattern.length() + 1) * (text.length() + 1) * (text.length() + 2);
    }

    @Test
    void theMemoDoesNotChangeAnswers() {
        String text = "a/".repeat(40) + "x";
        assertThat(run("**/".repeat(12) + "x", text).result()).isEqualTo(Wildmatch.MATCH);
        assertThat(run("a/**/a/**/a/**/x", text).result()).isEqualTo(Wildmatch.MATCH);
        assertThat(run("*a".repeat(20) + "*", "a".repeat(100)).result()).isEqualTo(Wildmatch.MATCH);
    }

    @Test
    void thousandsOfPatternsParseAndMatch() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            sb.append("dir").append(i).append("/**/x").append(i).append(".pyc\n");
        }
        sb.append("*.pyc\n");
        GitIgnoreFile f = GitIgnoreFile.parse(sb.toString().getBytes(StandardCharsets.UTF_8), "", ".gitignore");
        assertThat(f.patterns()).hasSize(20_001);
        GitIgnoreRules rules = new GitIgnoreRules(d -> d.isEmpty() ? f : GitIgnoreRules.empty(),
                java.util.List.of(), false);
        assertThat(rules.isIgnored("dir7/a/b/x7.pyc", false)).isTrue();
        assertThat(rules.isIgnored("pkg/m.py", false)).isFalse();
    }
}
