package io.pycd.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pycd.git.GitEnvironment;
import io.pycd.git.GitRepo;
import io.pycd.git.NotARepositoryException;
import io.pycd.git.index.TrackedFiles;
import io.pycd.testing.Git;
import io.pycd.testing.Processes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole audit on real repositories built with git, each answer held against git's own where git has one. */
class AuditorTest {

    @TempDir
    Path tmp;

    @BeforeAll
    static void needGit() {
        assumeTrue(Git.available(), "git is not installed");
    }

    private Git repo(String name) {
        return Git.init(tmp.resolve(name), tmp.resolve("home"));
    }

    private Auditor auditor() {
        return new Auditor(GitEnvironment.isolated(tmp.resolve("home")));
    }

    private RepoAudit audit(Path p, boolean history) throws Exception {
        return auditor().audit(p, new AuditOptions(history), Progress.NONE);
    }

    /** The cache paths git tracks, from git ls-files. */
    private static Set<String> gitTrackedCaches(Git g) {
        Set<String> out = new TreeSet<>();
        for (String p : g.run("-c", "core.quotepath=off", "ls-files", "-z").split("\0")) {
            if (!p.isEmpty() && CacheNaming.isCachePath(p)) {
                out.add(p);
            }
        }
        return out;
    }

    @Test
    void trackedCachesMatchGitLsFilesAndTellSourcelessApart() throws Exception {
        Git g = repo("r");
        g.write("pkg/m.py", "x = 1\n");
        g.write("pkg/__pycache__/m.cpython-312.pyc", "c");
        g.write("pkg/__pycache__/gone.cpython-311.opt-1.pyc", "c");
        g.write("pkg/__pycache__/m.cpython-312.pyc.140589556619184", "c");
        g.write("fixture/old.pyc", "c");
        g.write("legacy/mod.py", "y = 2\n");
        g.write("legacy/mod.pyc", "c");
        g.write("legacy/mod.pyo", "c");
        g.write("jy/A$py.class", "c");
        g.write("notes.txt", "pyc\n");
        g.write(".gitignore", "*.pyo\n");
        g.run("add", "-f", ".");
        g.run("commit", "-qm", "init");

        RepoAudit a = audit(g.dir(), false);
        Set<String> ours = a.tracked().stream().map(TrackedCache::path).collect(Collectors.toCollection(TreeSet::new));
        assertThat(ours).isEqualTo(gitTrackedCaches(g)).hasSize(7);
        assertThat(a.tracked()).filteredOn(TrackedCache::sourceless).extracting(TrackedCache::path)
                .containsExactlyInAnyOrder("pkg/__pycache__/gone.cpython-311.opt-1.pyc", "fixture/old.pyc",
                        "jy/A$py.class");
        TrackedCache fixture = find(a, "fixture/old.pyc");
        assertThat(fixture.importable()).isTrue();
        assertThat(fixture.fails(false)).isFalse();
        assertThat(fixture.fails(true)).isTrue();
        assertThat(find(a, "pkg/__pycache__/gone.cpython-311.opt-1.pyc").fails(false)).isTrue();
        assertThat(find(a, "legacy/mod.pyo").ignoredBy()).isEqualTo(".gitignore:1:*.pyo");
        // what git ls-files -ci says is ignored among the tracked caches is what pycd says
        Set<String> gitIgnored = new TreeSet<>(List.of(g.run("ls-files", "-ci", "--exclude-standard", "-z")
                .split("\0")));
        gitIgnored.remove("");
        Set<String> ourIgnored = a.tracked().stream().filter(t -> t.ignoredBy() != null).map(TrackedCache::path)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(ourIgnored).isEqualTo(gitIgnored);
        assertThat(a.fails(false)).isTrue();
    }

    private static TrackedCache find(RepoAudit a, String path) {
        return a.tracked().stream().filter(t -> t.path().equals(path)).findFirst().orElseThrow();
    }

    @Test
    void ignoreGapsPerFolderAndKindAgreeWithCheckIgnore() throws Exception {
        Git g = repo("r");
        g.write(".gitignore", "/__pycache__/\n*.pyc\nbuild/\n");
        g.write("pkg/.gitignore", "!keep.pyc\n");
        g.write("app.py", "");
        g.write("pkg/keep.py", "");
        g.write("pkg/sub/deep.py", "");
        g.write("build/gen.py", "");          // excluded folder: skipped whole
        g.write("untracked/u.py", "");        // untracked sources count too
        g.write("ignoredsrc/x.py", "");
        Files.writeString(g.dir().resolve(".git/info/exclude"), "ignoredsrc/x.py\n");
        g.run("add", ".gitignore", "pkg", "app.py");
        g.run("commit", "-qm", "init");

        RepoAudit a = audit(g.dir(), false);
        // every probe pycd reports as a gap is one git does not ignore, and every other probe git ignores
        List<String> probes = new ArrayList<>();
        List<String> expectedGaps = new ArrayList<>();
        String[][] folders = {{"", "app"}, {"pkg", "keep"}, {"pkg/sub", "deep"}, {"untracked", "u"},
                {"ignoredsrc", "x"}};
        for (String[] f : folders) {
            for (CacheKind k : CacheKind.values()) {
                probes.add(k.probe(f[0], f[1]));
            }
        }
        var ignored = g.checkIgnore(probes);
        int i = 0;
        for (String[] f : folders) {
            for (CacheKind k : CacheKind.values()) {
                if (!ignored.containsKey(probes.get(i++))) {
                    expectedGaps.add((f[0].isEmpty() ? "." : f[0]) + " " + k.id());
                }
            }
        }
        assertThat(a.ignoreGaps()).extracting(x -> x.dir() + " " + x.kind().id())
                .containsExactlyInAnyOrderElementsOf(expectedGaps)
                .contains("pkg pyc", ". pyo")
                .noneMatch(s -> s.startsWith("build"));
        IgnoreGap keep = a.ignoreGaps().stream().filter(x -> x.dir().equals("pkg") && x.kind() == CacheKind.PYC)
                .findFirst().orElseThrow();
        assertThat(keep.reincludedBy()).isEqualTo("pkg/.gitignore:1:!keep.pyc");
    }

    @Test
    void coreExcludesFileAndIgnoreCaseAreRead() throws Exception {
        Git g = repo("r");
        Path global = tmp.resolve("home/global-ignore");
        Files.writeString(global, "__PYCACHE__/\n*.PY[COD]\n*$py.class\n");
        g.run("config", "core.excludesFile", global.toString());
        g.run("config", "core.ignorecase", "true");
        g.write("m.py", "");
        // git folds case for literals but not inside [COD]: only __PYCACHE__/ and *$py.class apply
        List<String> probes = new ArrayList<>();
        for (CacheKind k : CacheKind.values()) {
            probes.add(k.probe("", "m"));
        }
        assertThat(g.checkIgnore(probes)).containsOnlyKeys(probes.get(0), probes.get(3));
        RepoAudit a = audit(g.dir(), false);
        assertThat(a.ignoreGaps()).extracting(x -> x.kind().id()).containsExactlyInAnyOrder("pyc", "pyo");
        g.run("config", "core.ignorecase", "false");
        assertThat(g.checkIgnore(probes)).containsOnlyKeys(probes.get(3));
        assertThat(audit(g.dir(), false).ignoreGaps()).extracting(x -> x.kind().id())
                .containsExactlyInAnyOrder("pycache", "pyc", "pyo");
    }

    @Test
    void notARepositoryIsNamed() {
        Path plain = tmp.resolve("plain");
        assertThatThrownBy(() -> audit(Files.createDirectories(plain), false))
                .isInstanceOf(NotARepositoryException.class).hasMessageContaining(plain.toString());
        assertThatThrownBy(() -> audit(tmp.resolve("missing"), false))
                .isInstanceOf(NotARepositoryException.class).hasMessageContaining("no such folder");
    }

    @Test
    void emptyRepositoryAuditsClean() throws Exception {
        Git g = repo("r");
        RepoAudit a = audit(g.dir(), true);
        assertThat(a.clean()).isTrue();
        assertThat(a.historyBytes()).isZero();
    }

    @Test
    void corruptIndexIsAnErrorNamingTheIndex() throws Exception {
        Git g = repo("r");
        g.write("m.py", "");
        g.run("add", ".");
        Path index = g.dir().resolve(".git/index");
        byte[] b = Files.readAllBytes(index);
        Files.write(index, java.util.Arrays.copyOf(b, 40));
        assertThatThrownBy(() -> audit(g.dir(), false)).isInstanceOf(AuditException.class)
                .hasMessageContaining("index").hasMessageNotContaining("rm ").hasMessageNotContaining("reset");
        Files.write(index, "garbage that is not an index at all".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> audit(g.dir(), false)).isInstanceOf(AuditException.class);
    }

    @Test
    void indexVersion4AndConflictsReadLikeLsFiles() throws Exception {
        Git g = repo("r");
        g.run("config", "index.version", "4");
        for (int i = 0; i < 30; i++) {
            g.write("pkg/sub" + i + "/__pycache__/mod" + i + ".cpython-312.pyc", "c" + i);
            g.write("pkg/sub" + i + "/mod" + i + ".py", "x");
        }
        g.run("add", "-f", ".");
        g.run("commit", "-qm", "one");
        assertThat(Files.readAllBytes(g.dir().resolve(".git/index"))[7]).isEqualTo((byte) 4);
        RepoAudit a = audit(g.dir(), false);
        Set<String> ours = a.tracked().stream().map(TrackedCache::path).collect(Collectors.toCollection(TreeSet::new));
        assertThat(ours).isEqualTo(gitTrackedCaches(g));
        GitRepo r = GitRepo.locate(g.dir(), GitEnvironment.isolated(tmp));
        List<String> all = TrackedFiles.fromIndex(r).entries().stream().map(TrackedFiles.Entry::path).toList();
        assertThat(all).containsExactly(g.run("ls-files", "-z").split("\0"));
    }

    @Test
    void worktreeAndSubmoduleAndBareAreAudited() throws Exception {
        Git g = repo("main");
        g.write("pkg/__pycache__/m.cpython-312.pyc", "c");
        g.write("pkg/m.py", "");
        g.run("add", "-f", ".");
        g.run("commit", "-qm", "init");
        Path wt = tmp.resolve("wt");
        g.run("worktree", "add", "-q", wt.toString());
        Files.writeString(g.dir().resolve(".git/info/exclude"), "__pycache__/\n*.py[cod]\n*$py.class\n");
        RepoAudit w = audit(wt, false);
        assertThat(w.repo().kind()).isEqualTo(GitRepo.Kind.WORKTREE);
        assertThat(w.tracked()).extracting(TrackedCache::path).containsExactly("pkg/__pycache__/m.cpython-312.pyc");
        assertThat(w.ignoreGaps()).isEmpty(); // info/exclude of the common folder applies

        Git sup = repo("super");
        sup.write("top.py", "");
        sup.run("add", ".");
        sup.run("commit", "-qm", "init");
        sup.run("-c", "protocol.file.allow=always", "submodule", "add", "-q", g.dir().toString(), "sub");
        RepoAudit s = audit(sup.dir().resolve("sub"), false);
        assertThat(s.repo().kind()).isEqualTo(GitRepo.Kind.SUBMODULE);
        assertThat(s.tracked()).extracting(TrackedCache::path).containsExactly("pkg/__pycache__/m.cpython-312.pyc");
        RepoAudit outer = audit(sup.dir(), false);
        assertThat(outer.tracked()).isEmpty(); // the submodule's caches are its own
        assertThat(outer.ignoreGaps()).extracting(IgnoreGap::dir).containsOnly(".");

        Path bare = tmp.resolve("bare.git");
        g.run("clone", "-q", "--bare", g.dir().toString(), bare.toString());
        RepoAudit b = audit(bare, true);
        assertThat(b.repo().bare()).isTrue();
        assertThat(b.tracked()).extracting(TrackedCache::path).containsExactly("pkg/__pycache__/m.cpython-312.pyc");
        assertThat(b.warnings()).anyMatch(x -> x.contains("bare"));
        assertThat(b.history()).hasSize(1);
    }

    @Test
    void historyFindsTheFirstCommitOfEveryCacheEverAdded() throws Exception {
        Git g = repo("r");
        g.write("a.py", "");
        g.run("add", ".");
        g.run("commit", "-qm", "one");
        g.write("pkg/__pycache__/a.cpython-312.pyc", "12345");
        g.write("old.pyc", "123");
        g.run("add", "-f", ".");
        g.run("commit", "-qm", "two");
        String two = g.run("rev-parse", "HEAD").strip();
        g.write("pkg/__pycache__/a.cpython-312.pyc", "1234567890");
        g.run("add", "-f", ".");
        g.run("commit", "-qm", "three");
        g.run("rm", "-q", "--cached", "-r", "pkg/__pycache__", "old.pyc");
        g.run("commit", "-qm", "four");
        g.run("checkout", "-q", "-b", "side", "HEAD~3");
        g.write("side/x$py.class", "abcdefg");
        g.run("add", "-f", "side");
        g.run("commit", "-qm", "side");
        g.run("tag", "t1");
        g.run("checkout", "-q", "main");
        g.run("branch", "-D", "side");

        RepoAudit a = audit(g.dir(), true);
        assertThat(a.tracked()).isEmpty();
        // git's answer: every cache path ever added, and by which commits
        String log = g.run("log", "--all", "--no-renames", "--diff-filter=A", "--name-only", "--format=%H");
        Set<String> gitPaths = new TreeSet<>();
        for (String line : log.split("\n")) {
            if (!line.isBlank() && !line.matches("[0-9a-f]{40}") && CacheNaming.isCachePath(line)) {
                gitPaths.add(line);
            }
        }
        assertThat(a.history()).extracting(HistoricCache::path).containsExactlyElementsOf(gitPaths);
        HistoricCache pyc = a.history().stream().filter(h -> h.path().startsWith("pkg/")).findFirst().orElseThrow();
        assertThat(pyc.commit()).isEqualTo(two);
        assertThat(pyc.bytes()).isEqualTo(5L);
        // every distinct blob counts: 5 + 10 + 3 + 7
        assertThat(a.historyBytes()).isEqualTo(25);
        assertThat(a.warnings()).isEmpty();
    }

    @Test
    void shallowAndMissingObjectsDegradeWithAWarning() throws Exception {
        Git g = repo("r");
        for (int i = 0; i < 3; i++) {
            g.write("c" + i + ".pyc", "x" + i);
            g.run("add", "-f", ".");
            g.run("commit", "-qm", "c" + i);
        }
        Path clone = tmp.resolve("shallow");
        g.run("clone", "-q", "--depth", "1", "file://" + g.dir(), clone.toString());
        RepoAudit s = audit(clone, true);
        assertThat(s.history()).extracting(HistoricCache::path).containsExactly("c0.pyc", "c1.pyc", "c2.pyc");
        assertThat(s.warnings()).anyMatch(w -> w.contains("shallow"));

        // delete one loose blob: its size becomes unknown, the scan goes on
        Git h = repo("broken");
        h.write("a.pyc", "aaa");
        h.write("b.pyc", "bb");
        h.run("add", "-f", ".");
        h.run("commit", "-qm", "x");
        String blob = h.run("rev-parse", "HEAD:a.pyc").strip();
        Files.delete(h.dir().resolve(".git/objects/" + blob.substring(0, 2) + "/" + blob.substring(2)));
        RepoAudit b = audit(h.dir(), true);
        assertThat(b.history()).extracting(HistoricCache::path).containsExactly("a.pyc", "b.pyc");
        assertThat(b.history().get(0).bytes()).isNull();
        assertThat(b.historyBytes()).isEqualTo(2);
        assertThat(b.warnings()).anyMatch(w -> w.contains("missing"));
        // a missing commit object: the walk stops there, with a warning. The blob comes back first: whether git
        // commits over an index entry whose blob is gone depends on timing (a racily clean entry is hashed again)
        h.run("hash-object", "-w", "a.pyc");
        String parent = h.run("rev-parse", "HEAD").strip();
        h.write("c.py", "");
        h.run("add", ".");
        h.run("commit", "-qm", "y");
        Files.delete(h.dir().resolve(".git/objects/" + parent.substring(0, 2) + "/" + parent.substring(2)));
        RepoAudit c = audit(h.dir(), true);
        assertThat(c.warnings()).anyMatch(w -> w.contains("commit(s) missing"));
    }

    @Test
    void nonUtf8PathsAreReportedAsGitQuotesThem() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc")), "needs a Linux file system");
        Git g = repo("r");
        // git update-index with raw bytes: a cache under a Latin-1 folder name
        g.stageRaw("caf\u00e9/__pycache__/m.cpython-312.pyc".getBytes(StandardCharsets.ISO_8859_1), "x");
        RepoAudit a = audit(g.dir(), false);
        String gitShows = g.run("ls-files").strip(); // quoted by default (core.quotepath)
        assertThat(a.tracked()).extracting(TrackedCache::path).containsExactly(gitShows);
        assertThat(gitShows).isEqualTo("\"caf\\351/__pycache__/m.cpython-312.pyc\"");
    }

    @Test
    void dockerContextsUseDockerSemantics() throws Exception {
        Git g = repo("r");
        g.write(".gitignore", "__pycache__/\n*.py[cod]\n*$py.class\n");
        g.write("svc/Dockerfile", "FROM python\n");
        g.write("svc/app.py", "");
        g.write("svc/pkg/m.py", "");
        g.write("svc/.dockerignore", "__pycache__\n*.pyc\n**/*.pyo\n**/*$py.class\n");
        g.write("web/Containerfile", "FROM python\n");
        g.write("web/w.py", "");
        g.write("docs/Dockerfile", "FROM nginx\n"); // no Python in its context: nothing to say
        g.write("docs/index.html", "");
        RepoAudit a = audit(g.dir(), false);
        assertThat(a.ignoreGaps()).isEmpty();
        assertThat(a.docker()).filteredOn(f -> f instanceof DockerFinding.Missing)
                .extracting(DockerFinding::dockerfile).containsExactly("web/Containerfile");
        // "__pycache__" and "*.pyc" alone only cover the context's top level
        assertThat(a.docker()).filteredOn(f -> f instanceof DockerFinding.Gap)
                .extracting(f -> ((DockerFinding.Gap) f).dir() + " " + ((DockerFinding.Gap) f).kind().id())
                .containsExactlyInAnyOrder("svc/pkg pycache", "svc/pkg pyc");
    }

    @Test
    void recursiveFindsEveryRepositoryAndReportsFailuresWithoutStopping() throws Exception {
        repo("many/a").write("m.py", "");
        repo("many/b/nested").write("n.py", "");
        Files.createDirectories(tmp.resolve("many/plain"));
        List<Path> found = io.pycd.git.RepositoryFinder.find(tmp.resolve("many"));
        assertThat(found).extracting(p -> tmp.resolve("many").relativize(p).toString())
                .containsExactly("a", "b/nested");
        List<Path> all = new ArrayList<>(found);
        all.add(tmp.resolve("many/plain"));
        List<RepoOutcome> out = auditor().auditAll(all, AuditOptions.DEFAULT, 2, Progress.NONE);
        assertThat(out).hasSize(3);
        assertThat(out.get(0)).isInstanceOf(RepoOutcome.Audited.class);
        assertThat(out.get(1)).isInstanceOf(RepoOutcome.Audited.class);
        assertThat(out.get(2)).isInstanceOf(RepoOutcome.Failed.class);
    }

    @Test
    void symlinkedGitignoreIsRefusedLikeGit() throws Exception {
        Git g = repo("r");
        Path real = tmp.resolve("elsewhere.txt");
        Files.writeString(real, "__pycache__/\n*.py[cod]\n*$py.class\n");
        Files.createSymbolicLink(g.dir().resolve(".gitignore"), real);
        g.write("m.py", "");
        var probes = new ArrayList<String>();
        for (CacheKind k : CacheKind.values()) {
            probes.add(k.probe("", "m"));
        }
        assertThat(g.checkIgnore(probes)).isEmpty();
        assertThat(audit(g.dir(), false).ignoreGaps()).hasSize(4);
    }

    @Test
    void buildFilesAreFoundByTheNamesDockerAndPodmanTake() throws Exception {
        Git g = repo("r");
        g.write(".gitignore", "__pycache__/\n*.py[cod]\n*$py.class\n");
        g.write("alpine.dockerfile", "FROM python:alpine\n");      // context: the root
        g.write("m.py", "");
        g.write("doc/Dockerfile.htmldoc", "FROM python\n");
        g.write("doc/conf.py", "");
        g.write("web/Containerfile.prod", "FROM python\n");
        g.write("web/w.py", "");
        g.write("web/.containerignore", "**/__pycache__\n**/*.py[cod]\n**/*$py.class\n");
        // BuildKit: <build file>.dockerignore beside it wins over the context's .dockerignore
        g.write("api/prod.Dockerfile", "FROM python\n");
        g.write("api/prod.Dockerfile.dockerignore", "**/__pycache__\n**/*.py[cod]\n**/*$py.class\n");
        g.write("api/Dockerfile", "FROM python\n");
        g.write("api/.dockerignore", "*.pyc\n");
        g.write("api/a.py", "");
        g.write("notes/Dockerfile.dockerignore", "x\n");             // an ignore file, not a build
        g.write("notes/n.py", "");
        RepoAudit a = audit(g.dir(), false);
        assertThat(a.docker()).filteredOn(f -> f instanceof DockerFinding.Missing).extracting(DockerFinding::dockerfile)
                .containsExactlyInAnyOrder("alpine.dockerfile", "doc/Dockerfile.htmldoc");
        assertThat(a.docker()).filteredOn(f -> f instanceof DockerFinding.Gap).extracting(DockerFinding::dockerfile)
                .containsOnly("api/Dockerfile").isNotEmpty();
        assertThat(a.docker()).extracting(DockerFinding::dockerfile).doesNotContain("web/Containerfile.prod",
                "api/prod.Dockerfile", "notes/Dockerfile.dockerignore");
        // the fix writes each build's own ignore file
        Fixer fixer = new Fixer(auditor());
        Fixer.Plan plan = fixer.plan(a, false);
        assertThat(plan.appends()).extracting(fix -> fix.display())
                .containsExactlyInAnyOrder(".dockerignore", "doc/.dockerignore", "api/.dockerignore");
        assertThat(fixer.apply(plan)).isInstanceOf(FixResult.Applied.class);
        assertThat(audit(g.dir(), false).docker()).isEmpty();
    }

    @Test
    void aFolderNotNamedInUtf8IsNamedInAWarning() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc")), "needs a Linux file system");
        Git g = repo("r");
        g.write(".gitignore", "__pycache__/\n*.py[cod]\n*$py.class\n");
        g.write("m.py", "");
        // Java cannot create such a name: Python can
        String script = "import os; d = os.path.join(os.fsencode('" + g.dir() + "'), b'caf\\xe9');"
                + " os.makedirs(os.path.join(d, b'sub')); open(os.path.join(d, b'.gitignore'), 'w').write('!*.pyc\\n');"
                + " open(os.path.join(d, b'm.py'), 'w').close()";
        Processes.Run made = Processes.exec(List.of("python3", "-c", script)).ok();
        assertThat(made.out() + made.err()).isEmpty();
        RepoAudit a = audit(g.dir(), false);
        assertThat(a.warnings()).containsExactly("folder \"caf\\351\" is not named in UTF-8: its .gitignore is not"
                + " read and its sources are not checked");
    }

    @SuppressWarnings("unused")
    private static void touch(Path p) throws IOException {
        Files.createDirectories(p.getParent());
        Files.write(p, new byte[0]);
    }
}
