package io.pycd.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pycd.git.GitEnvironment;
import io.pycd.testing.Git;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The history rewrite pycd advises removes exactly the caches it found: every kind ({@code .pyo}, {@code $py.class}
 * and temp files too), never a module tracked today as a possible fixture, never any other path. Held by running
 * the rewrite with real git: an index filter that matches each path against the list as git filter-repo does
 * (its {@code --paths-from-file} parsing and {@code re.search}, in Python), and git filter-repo itself when it is
 * installed.
 */
class HistoryRewriteTest {

    /** filter-repo's reading of --paths-from-file, restricted to the regex lines pycd writes, then git rm --cached. */
    private static final String INDEX_FILTER = String.join("\n",
            "import re, subprocess, sys",
            "pats = []",
            "for line in open(sys.argv[1], 'rb'):",
            "    line = line.rstrip(b'\\r\\n')",
            "    if not line or line.startswith(b'#'):",
            "        continue",
            "    assert line.startswith(b'regex:') and b'==>' not in line, line",
            "    pats.append(re.compile(line[6:]))",
            "paths = subprocess.run(['git', 'ls-files', '-z'], capture_output=True, check=True).stdout.split(b'\\0')",
            "gone = [p for p in paths if p and any(r.search(p) for r in pats)]",
            "if gone:",
            "    subprocess.run(['git', 'update-index', '--force-remove', '-z', '--stdin'],",
            "                   input=b'\\0'.join(gone) + b'\\0', check=True)",
            "");

    @TempDir
    Path tmp;

    @BeforeAll
    static void needGit() {
        assumeTrue(Git.available(), "git is not installed");
    }

    /** A history with caches of every kind, paths that only look like caches, and a tracked fixture. */
    private Git history() {
        Git g = Git.init(tmp.resolve("r"), tmp.resolve("home"));
        g.write("pkg/m.py", "x = 1\n");
        g.write("pkg/__pycache__/m.cpython-312.pyc", "c1");
        g.write("__pycache__/top.cpython-311.opt-1.pyc", "c2");
        g.write("legacy/mod.pyc", "c3");
        g.write("legacy/mod.pyo", "c4");
        g.write("jy/A$py.class", "c5");
        g.write("pkg/__pycache__/m.cpython-312.pyc.140589556619184", "c6");
        g.write("odd name/#x==>y.pyc", "c7");
        g.write("tests/fixtures/old.pyc", "fixture");     // sourceless, tracked to this day
        g.write("x.pyc/data.txt", "not a cache");          // a folder named like a cache
        g.write("notes.pyc.txt", "not a cache");
        g.write("pyc/readme", "not a cache");
        g.write("docs/a.pyc.md", "not a cache");
        g.run("add", "-f", ".");
        g.run("commit", "-qm", "one");
        g.stageRaw("caf\u00e9/m.pyc".getBytes(StandardCharsets.ISO_8859_1), "c8"); // a name that is not UTF-8
        g.run("commit", "-qm", "two");
        g.run("rm", "-q", "-r", "--cached", "pkg/__pycache__", "__pycache__", "legacy/mod.pyc", "legacy/mod.pyo",
                "jy", "odd name");
        g.run("commit", "-qm", "three");
        return g;
    }

    /** Every path of every commit reachable from any ref, as raw bytes turned Latin-1 (one char per byte). */
    private static Set<String> allPaths(Git g) {
        Set<String> out = new TreeSet<>();
        for (String c : g.run("rev-list", "--all").split("\n")) {
            if (c.isBlank()) {
                continue;
            }
            byte[] listing = g.exec(null, "ls-tree", "-r", "-z", "--name-only", c.strip()).stdout();
            for (String p : new String(listing, StandardCharsets.ISO_8859_1).split("\0")) {
                if (!p.isEmpty()) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    private static boolean isCache(String latin1Path) {
        return CacheNaming.isCachePath(new String(latin1Path.getBytes(StandardCharsets.ISO_8859_1),
                StandardCharsets.UTF_8));
    }

    @Test
    void theRewriteRemovesExactlyTheCachesFound() throws Exception {
        Git g = history();
        RepoAudit audit = new Auditor(GitEnvironment.isolated(tmp.resolve("home"))).audit(g.dir(),
                new AuditOptions(true), Progress.NONE);
        HistoryRewrite rewrite = HistoryRewrite.of(audit);
        assertThat(rewrite.kept()).containsExactly("tests/fixtures/old.pyc");
        assertThat(rewrite.removed()).extracting(HistoricCache::path).hasSize(8)
                .contains("legacy/mod.pyo", "jy/A$py.class", "pkg/__pycache__/m.cpython-312.pyc.140589556619184",
                        "odd name/#x==>y.pyc", "\"caf\\351/m.pyc\"");
        Path list = Files.write(tmp.resolve("caches.txt"), rewrite.pathsFile());

        Set<String> before = allPaths(g);
        Set<String> keep = before.stream().filter(p -> !isCache(p) || p.equals("tests/fixtures/old.pyc"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(keep).contains("x.pyc/data.txt", "notes.pyc.txt", "pyc/readme", "docs/a.pyc.md", "pkg/m.py");

        Path script = Files.writeString(tmp.resolve("index_filter.py"), INDEX_FILTER);
        // rewritten in a mirror: filter-branch wants no working tree changes, and the Latin-1 name has no file
        Path mirror = tmp.resolve("mirror.git");
        g.run("clone", "-q", "--mirror", g.dir().toString(), mirror.toString());
        Git branch = g.at(mirror).withEnv(Map.of("FILTER_BRANCH_SQUELCH_WARNING", "1"));
        branch.run("filter-branch", "-f", "--index-filter", "python3 " + script + " " + list, "--", "--all");
        String refs = branch.run("for-each-ref", "--format=%(refname)", "refs/original/");
        for (String ref : refs.split("\n")) {
            if (!ref.isBlank()) {
                branch.run("update-ref", "-d", ref.strip());
            }
        }
        assertThat(allPaths(branch)).as("the history after the rewrite: no cache, every other path")
                .containsExactlyElementsOf(keep);
    }

    @Test
    void gitFilterRepoItselfRemovesExactlyTheCachesFound() throws Exception {
        assumeTrue(onPath("git-filter-repo"), "git filter-repo is not installed");
        Git g = history();
        RepoAudit audit = new Auditor(GitEnvironment.isolated(tmp.resolve("home"))).audit(g.dir(),
                new AuditOptions(true), Progress.NONE);
        Path list = Files.write(tmp.resolve("caches.txt"), HistoryRewrite.of(audit).pathsFile());
        Set<String> keep = allPaths(g).stream().filter(p -> !isCache(p) || p.equals("tests/fixtures/old.pyc"))
                .collect(Collectors.toCollection(TreeSet::new));
        g.run("filter-repo", "--force", "--invert-paths", "--paths-from-file", list.toString());
        assertThat(allPaths(g)).containsExactlyElementsOf(keep);
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
