package io.pycd.git.ignore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pycd.testing.Git;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * git's ignore semantics, case by case: each case builds a real repository, asks {@code git check-ignore
 * --no-index -v} about every probe and {@code git ls-files -ci --exclude-standard} about the tracked ones, and
 * holds pycd's rules against both answers in the same test.
 */
class GitSemanticsTest {

    static final String EXCLUDES = "~excludes";
    static final String INFO = ".git/info/exclude";

    @TempDir
    Path tmp;

    @BeforeAll
    static void needGit() {
        assumeTrue(Git.available(), "git is not installed");
    }

    record Case(String name, Map<String, String> files, List<String> probes, boolean ignoreCase) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Case c(String name, Map<String, String> files, String... probes) {
        return new Case(name, files, List.of(probes), false);
    }

    static final List<String> CACHES = List.of("m.pyc", "pkg/m.pyc", "pkg/m.pyo", "pkg/m$py.class",
            "pkg/__pycache__/", "pkg/__pycache__/m.cpython-312.pyc", "__pycache__/m.cpython-312.pyc",
            "a/b/c/__pycache__/x.cpython-311.opt-1.pyc", "pkg/m.py");

    static Stream<Case> cases() {
        List<Case> all = new ArrayList<>();
        all.add(new Case("template", Map.of(".gitignore", "__pycache__/\n*.py[cod]\n*$py.class\n"), CACHES, false));
        all.add(new Case("anchored folder", Map.of(".gitignore", "/__pycache__/\n"), CACHES, false));
        all.add(new Case("slash in the middle anchors", Map.of(".gitignore", "__pycache__/*\n"), CACHES, false));
        all.add(new Case("bare name", Map.of(".gitignore", "__pycache__\n*.pyc\n"), CACHES, false));
        all.add(c("folder excluded, file cannot be re-included",
                Map.of(".gitignore", "d/\n!d/sub/x.pyc\ne/*\n!e/x.pyc\n!e/sub/y.pyc\n"),
                "d/sub/x.pyc", "d/y.pyc", "e/x.pyc", "e/sub/y.pyc", "e/z.pyc"));
        all.add(c("re-including the folder itself", Map.of(".gitignore", "build/\n!build/\n*.pyc\n!keep.pyc\n"),
                "build/m.py", "build/keep.pyc", "keep.pyc", "pkg/keep.pyc", "pkg/other.pyc"));
        all.add(c("trailing spaces dropped, escaped space and tabs kept",
                Map.of(".gitignore", "*.pyc   \n*.pyo\\ \n*$py.class\t\nspace\\ \\ \n"),
                "m.pyc", "m.pyo", "m.pyo ", "m$py.class", "m$py.class\t", "space  ", "space"));
        all.add(new Case("leading BOM skipped", Map.of(".gitignore", "\uFEFF*.pyc\n__pycache__/\n"), CACHES, false));
        all.add(new Case("CRLF line ends", Map.of(".gitignore", "*.pyc\r\n__pycache__/\r\n*.pyo\r"), CACHES, false));
        all.add(c("literal prefix then **", Map.of(".gitignore", "foo**/bar\nbaz**\nq/**x\n"),
                "foobar", "foo/bar", "fooX/bar", "foo/x/bar", "fooX/y/bar", "bazooka", "baz/deep/file",
                "q/x", "q/ax", "q/a/b/x"));
        all.add(c("deeper file overrides", Map.of(".gitignore", "*.pyc\n__pycache__/\n",
                        "pkg/.gitignore", "!*.pyc\n!__pycache__/\n"),
                "m.pyc", "pkg/m.pyc", "pkg/sub/m.pyc", "pkg/__pycache__/m.cpython-312.pyc", "other/m.pyc",
                "pkg/sub/__pycache__/"));
        all.add(c("info/exclude and core.excludesFile", Map.of(INFO, "*.pyo\n*$py.class\n",
                        EXCLUDES, "*.pyc\n*.pyo\n!m$py.class\n", ".gitignore", "!keep.pyo\n"),
                "m.pyo", "keep.pyo", "m.pyc", "m$py.class", "n$py.class", "pkg/keep.pyo"));
        all.add(c("escapes and classes", Map.of(".gitignore",
                        "\\#*.pyc\n\\!x.pyc\n[!a]*.pyo\n[^b]*.txt\n[[:digit:]]*.pyc\n*.py[c-o]\n[[:bogus:]]\n\\*\n"),
                "#a.pyc", "!x.pyc", "x.pyc", "a.pyo", "b.pyo", "a.txt", "b.txt", "1.pyc", "m.pyd", "m.pyo",
                "m.pyp", "*", "star*"));
        all.add(c("double-star forms", Map.of(".gitignore", "**/__pycache__\na/**/b.pyc\nc/**\n**/*.pyo\nd/**/\n"),
                "__pycache__/", "x/y/__pycache__/", "a/b.pyc", "a/x/y/b.pyc", "c/x.py", "c/", "m.pyo",
                "deep/er/m.pyo", "d/x/", "d/x/f", "d/f"));
        all.add(c("one star does not cross folders", Map.of(".gitignore", "pkg/*.pyc\n*/__pycache__/\n"),
                "pkg/m.pyc", "pkg/sub/m.pyc", "x/__pycache__/", "x/y/__pycache__/", "__pycache__/"));
        all.add(c("folder-only rule and a file of that name", Map.of(".gitignore", "__pycache__/\nbuild/\n"),
                "__pycache__", "pkg/__pycache__", "build", "pkg/build/x.py"));
        all.add(c("comments and blank lines", Map.of(".gitignore", "# *.pyc\n\n #x.pyc\n\t\n!\n/\n*.pyo\n"),
                "a.pyc", " #x.pyc", "x.pyc", "m.pyo"));
        all.add(new Case("ignore case", Map.of(".gitignore", "*.PYC\n__PyCache__/\nBUILD/x\n"),
                List.of("m.pyc", "N.PYC", "pkg/__pycache__/m.cpython-312.pyc", "Build/X", "build/y"), true));
        all.add(c("many patterns", Map.of(".gitignore", many()), "m.pyc", "p4999.pyc", "pkg/p17/x", "q.pyo"));
        // git itself backtracks exponentially on these; keep them small enough for git to answer
        all.add(c("pathological double stars", Map.of(".gitignore",
                        "**/**/**/**/**/x\n*a*a*a*a*a*a*b\na/**/**/**/b/**/**/c\n"),
                "a/a/a/a/a/a/a/a/a/a/y", "aaaaaaaaaaaaaaaaaaaaa", "a/a/a/a/x", "a/b/c", "a/x/b/y/c", "a/b/b/b/b/d"));
        return all.stream();
    }

    private static String many() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            sb.append(i % 3 == 0 ? "p" + i + ".pyc\n" : i % 3 == 1 ? "pkg/p" + i + "/\n" : "!q" + i + ".pyo\n");
        }
        return sb.append("*.pyo\n").toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void agreesWithGit(Case k) throws IOException {
        Git git = Git.init(tmp.resolve("repo"), tmp.resolve("home"));
        Path excludes = null;
        for (var e : k.files.entrySet()) {
            if (e.getKey().equals(EXCLUDES)) {
                excludes = tmp.resolve("home/global-ignore");
                Files.writeString(excludes, e.getValue());
                git.run("config", "core.excludesFile", excludes.toString());
            } else {
                git.write(e.getKey(), e.getValue());
            }
        }
        if (k.ignoreCase) {
            git.run("config", "core.ignorecase", "true");
        }
        List<String> files = new ArrayList<>();
        Map<String, Boolean> probes = new LinkedHashMap<>();
        for (String p : k.probes) {
            boolean dir = p.endsWith("/");
            String path = dir ? p.substring(0, p.length() - 1) : p;
            Path f = git.dir().resolve(path);
            Files.createDirectories(f.getParent());
            if (dir) {
                Files.createDirectories(f);
                git.write(path + "/inside.txt", "x");
                files.add(path + "/inside.txt");
            } else {
                Files.write(f, "x".getBytes(StandardCharsets.UTF_8));
                files.add(path);
            }
            probes.put(path, dir);
        }

        Map<String, String> gitSays = git.checkIgnore(new ArrayList<>(probes.keySet()));
        GitIgnoreRules rules = IgnoreFiles.forWorkTree(git.dir(), git.dir().resolve(INFO), excludes, k.ignoreCase);
        List<String> wrong = new ArrayList<>();
        for (var e : probes.entrySet()) {
            GitIgnoreRules.Decision d = rules.check(e.getKey(), e.getValue());
            String g = gitSays.get(e.getKey());
            if (d.ignored() != (g != null)) {
                wrong.add(e.getKey() + ": git " + (g != null ? "ignores by " + g : "keeps")
                        + ", pycd " + (d.ignored() ? "ignores by " + d.rule() : "keeps"));
            } else if (g != null && !sameRule(g, d.rule())) {
                wrong.add(e.getKey() + ": git rule " + g + ", pycd rule " + d.rule());
            }
        }
        assertThat(wrong).as("disagreements with git check-ignore").isEmpty();

        // The tracked files git considers ignored must be exactly the ones pycd considers ignored.
        git.run(concat(new String[] {"add", "-f", "--"}, files));
        Set<String> lsIgnored = new TreeSet<>(List.of(git.run("-c", "core.quotepath=off", "ls-files", "-ci",
                "--exclude-standard", "-z").split("\0")));
        lsIgnored.remove("");
        Set<String> ours = new TreeSet<>();
        for (String f : files) {
            if (rules.isIgnored(f, false)) {
                ours.add(f);
            }
        }
        for (String f : new String[] {".gitignore", "pkg/.gitignore"}) {
            if (k.files.containsKey(f) && rules.isIgnored(f, false)) {
                ours.add(f);
            }
        }
        lsIgnored.removeIf(f -> f.endsWith(".gitignore") && !k.files.containsKey(f));
        assertThat(ours).as("tracked files ignored (git ls-files -ci)").isEqualTo(lsIgnored);
    }

    /** check-ignore names info/exclude and the excludes file by path; compare those by line and pattern. */
    private static boolean sameRule(String git, String ours) {
        if (git.equals(ours)) {
            return true;
        }
        String gTail = git.substring(git.indexOf(':'));
        String oTail = ours.substring(ours.indexOf(':'));
        return gTail.equals(oTail) && !git.startsWith(".gitignore") && !git.contains("/.gitignore:");
    }

    private static String[] concat(String[] a, List<String> b) {
        String[] out = new String[a.length + b.size()];
        System.arraycopy(a, 0, out, 0, a.length);
        for (int i = 0; i < b.size(); i++) {
            out[a.length + i] = b.get(i);
        }
        return out;
    }
}
