package io.pycd.audit.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Docker's matching rules, from moby's patternmatcher and its tests (no Docker engine is available to ask), and
 * every real .dockerignore of the shared corpus parsed without error.
 */
class DockerIgnoreTest {

    private static DockerIgnore of(String text) {
        return DockerIgnore.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void patternsAreRelativeToTheContextRoot() {
        DockerIgnore d = of("__pycache__\n*.pyc\n");
        assertThat(d.excludes("__pycache__/m.cpython-312.pyc")).isTrue();
        assertThat(d.excludes("m.pyc")).isTrue();
        assertThat(d.excludes("pkg/__pycache__/m.cpython-312.pyc")).isFalse();
        assertThat(d.excludes("pkg/m.pyc")).isFalse();
        DockerIgnore deep = of("**/__pycache__\n**/*.py[cod]\n**/*$py.class\n");
        for (String p : new String[] {"__pycache__/x.pyc", "a/b/__pycache__/x.pyc", "m.pyc", "a/b/m.pyo",
                "a/m$py.class"}) {
            assertThat(deep.excludes(p)).as(p).isTrue();
        }
        assertThat(deep.excludes("a/m.py")).isFalse();
    }

    @Test
    void cleaningCommentsNegationAndParents() {
        DockerIgnore d = of("\uFEFF# comment\n  ./pkg//  \n!pkg/keep.pyc\n/abs\n #notcomment\n");
        assertThat(d.excludes("pkg/x.pyc")).isTrue();
        assertThat(d.excludes("pkg/keep.pyc")).isFalse(); // Docker can re-include below an excluded folder
        assertThat(d.excludes("abs/y")).isTrue();
        assertThat(d.excludes("#notcomment")).isTrue();
        assertThat(d.excludes("comment")).isFalse();
    }

    @Test
    void doubleStarFlavoursMatchMoby() {
        assertThat(of("**").excludes("a/b")).isTrue();
        assertThat(of("a**").excludes("abc/d")).isTrue();        // prefix match
        assertThat(of("**c").excludes("a/bc")).isTrue();         // suffix match
        assertThat(of("a/**/b").excludes("a/b")).isTrue();
        assertThat(of("a/**/b").excludes("a/x/y/b")).isTrue();
        assertThat(of("a/**/b").excludes("a/xb")).isFalse();
        assertThat(of("dir/**").excludes("dir/a/b")).isTrue();
        assertThat(of("*").excludes("a/b")).isTrue();            // through the parent "a"
        assertThat(of("?.pyc").excludes("ab.pyc")).isFalse();
        assertThat(of("[a-c].pyc").excludes("b.pyc")).isTrue();
        assertThat(of("[^a-c].pyc").excludes("b.pyc")).isFalse();
        assertThat(of("a\\*b").excludes("a*b")).isTrue();
    }

    @Test
    void stackedDoubleStarsStayLinear() {
        DockerIgnore d = of("**/".repeat(30) + "x\n");
        String path = "a/".repeat(300) + "y";
        // java.util.regex on the same expression, ^((.*/)?){30}x$, backtracks for longer than any test runs
        assertThat(d.excludes(path)).isFalse();
        assertThat(d.excludes("a/".repeat(300) + "x")).isTrue();
    }

    @Test
    void badPatternsAreReported() {
        assertThat(of("[abc\n!\nok\n").errors()).hasSize(2);
    }

    @Test
    void corpusDockerignoresParse() throws Exception {
        String shared = System.getProperty("pycd.shared");
        org.junit.jupiter.api.Assumptions.assumeTrue(shared != null);
        Path dir = Path.of(shared, "corpus", "gitignore");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(dir));
        try (Stream<Path> files = Files.list(dir)) {
            var list = files.filter(p -> p.getFileName().toString().endsWith(".dockerignore")).toList();
            assertThat(list).hasSize(5);
            for (Path p : list) {
                DockerIgnore d = DockerIgnore.parse(Files.readAllBytes(p));
                assertThat(d.errors()).as(p.toString()).isEmpty();
                assertThat(d.patterns()).as(p.toString()).isNotEmpty();
            }
        }
    }
}
