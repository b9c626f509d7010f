package io.pycd.audit.fix;

import io.pycd.audit.CacheKind;
import io.pycd.audit.docker.DockerIgnore;
import io.pycd.git.ignore.GitIgnoreFile;
import io.pycd.git.ignore.GitIgnoreRules;
import io.pycd.audit.template.Template;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Which lines of a template an ignore file lacks. A cache line is missing when one of the paths it exists to
 * ignore (at the top and deep down) is not ignored by the file; so {@code *.pyc} plus {@code *.pyo} make
 * {@code *.py[cod]} unnecessary only if they cover its probes. A debris line is missing when no line of the file
 * reads the same.
 */
public final class MissingEntries {

    private MissingEntries() {
    }

    /** Probe paths for a template line, or an empty list when it is not about caches. */
    static List<String> probes(String line) {
        List<String> out = new ArrayList<>();
        for (String dir : new String[] {"", "a/b"}) {
            if (line.contains("__pycache__")) {
                out.add(CacheKind.PYCACHE.probe(dir, "m"));
            } else if (line.contains("py[cod]")) {
                out.add(CacheKind.PYC.probe(dir, "m"));
                out.add(CacheKind.PYO.probe(dir, "m"));
            } else if (line.contains("$py.class")) {
                out.add(CacheKind.CLASS.probe(dir, "m"));
            } else if (line.contains("[0-9]")) {
                out.add((dir.isEmpty() ? "" : dir + "/") + "m.pyc.123");
            }
        }
        return out;
    }

    /**
     * The template lines {@code existing} (the file's bytes, or null) does not provide.
     *
     * @param withDebris also the optional section
     */
    public static List<String> of(Template t, byte[] existing, boolean withDebris) {
        byte[] content = existing == null ? new byte[0] : existing;
        List<String> present = new ArrayList<>();
        for (String l : new String(content, StandardCharsets.UTF_8).split("\r?\n")) {
            present.add(l.strip());
        }
        List<String> missing = new ArrayList<>();
        for (String line : t.caches()) {
            List<String> probes = probes(line);
            byte[] sofar = concat(content, Append.bytesToAppend(content, missing));
            if (probes.isEmpty() ? !present.contains(line) : !allIgnored(t.kind(), sofar, probes)) {
                missing.add(line);
            }
        }
        if (withDebris) {
            for (String line : t.debris()) {
                if (!present.contains(line)) {
                    missing.add(line);
                }
            }
        }
        return missing;
    }

    private static boolean allIgnored(Template.Kind kind, byte[] content, List<String> probes) {
        if (kind == Template.Kind.DOCKER) {
            DockerIgnore di = DockerIgnore.parse(content);
            return probes.stream().allMatch(di::excludes);
        }
        GitIgnoreFile f = GitIgnoreFile.parse(content, "", ".gitignore");
        GitIgnoreRules rules = new GitIgnoreRules(d -> d.isEmpty() ? f : GitIgnoreRules.empty(), List.of(), false);
        return probes.stream().allMatch(p -> rules.isIgnored(p, false));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
