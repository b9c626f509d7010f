package io.pycd.git.ignore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared corpus of real ignore files against its truth table, recorded with {@code git check-ignore
 * --no-index -v}: every probe, case-sensitive and with {@code core.ignorecase}, and the deciding rule.
 */
class CorpusTruthTest {

    @TempDir
    Path tmp;

    private static Path corpus() {
        String shared = System.getProperty("pycd.shared");
        assumeTrue(shared != null, "pycd.shared is not set");
        Path dir = Path.of(shared, "corpus", "gitignore");
        assumeTrue(Files.isRegularFile(dir.resolve("truth.tsv")), "no corpus at " + dir);
        return dir;
    }

    record Row(String mode, String scenario, String repo, List<String> ignoreFiles, String probeDir, String probeId,
               String path, String kind, boolean ignored, String rule, boolean ignoredCi) {
    }

    static List<Row> rows(Path corpus) throws IOException {
        List<String> lines = Files.readAllLines(corpus.resolve("truth.tsv"));
        List<Row> out = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t", -1);
            out.add(new Row(f[0], f[1], f[2], List.of(f[3].split(",")), f[4], f[5], f[6], f[7],
                    f[8].equals("1"), f[9], f[10].equals("1")));
        }
        return out;
    }

    @Test
    void everyProbeAgreesWithGit() throws IOException {
        Path corpus = corpus();
        List<Row> rows = rows(corpus);
        assertThat(rows).hasSizeGreaterThan(800);
        Map<String, Path> trees = new LinkedHashMap<>();
        List<String> disagreements = new ArrayList<>();
        int checked = 0;
        for (Row r : rows) {
            String key = r.mode + "|" + r.scenario;
            Path tree = trees.get(key);
            if (tree == null) {
                tree = tmp.resolve("t" + trees.size());
                for (String f : r.ignoreFiles) {
                    String name = r.repo.replace("/", "__") + "__" + f.replace("/", "__");
                    Path src = corpus.resolve(name);
                    assertThat(src).as("corpus file for %s", f).exists();
                    // a template such as Python.gitignore is installed as the .gitignore of the probe folder
                    String target = f.endsWith("/.gitignore") || f.equals(".gitignore") ? f
                            : (r.probeDir.equals(".") ? "" : r.probeDir + "/") + ".gitignore";
                    Path dst = tree.resolve(target);
                    Files.createDirectories(dst.getParent());
                    Files.copy(src, dst);
                }
                trees.put(key, tree);
            }
            boolean isDir = r.kind.equals("cache-dir");
            for (boolean ci : new boolean[] {false, true}) {
                GitIgnoreRules rules = IgnoreFiles.forWorkTree(tree, null, null, ci);
                GitIgnoreRules.Decision d = rules.check(r.path, isDir);
                boolean want = ci ? r.ignoredCi : r.ignored;
                if (d.ignored() != want) {
                    disagreements.add(r.mode + " " + r.scenario + " " + r.path + (ci ? " (ignorecase)" : "")
                            + ": git " + want + ", pycd " + d.ignored() + " by " + d.rule());
                } else if (!ci && want && !d.rule().equals(r.rule)) {
                    disagreements.add(r.scenario + " " + r.path + ": git rule " + r.rule + ", pycd " + d.rule());
                }
                checked++;
            }
        }
        assertThat(disagreements).isEmpty();
        assertThat(checked).isEqualTo(rows.size() * 2);
    }
}
