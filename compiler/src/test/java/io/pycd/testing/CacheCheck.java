package io.pycd.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.pycd.compile.CompileReport;
import io.pycd.compile.CompileResult;
import io.pycd.compile.CompileSettings;
import io.pycd.interpreter.Interpreter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs verify_caches.py: CPython's import accepts each cache without recompiling, the code equals what compile()
 * gives, the header validates; every failure pycd reported is one compile() also rejects. One process per level.
 */
public final class CacheCheck {

    private static final String SCRIPT = load();
    /** pycd's own failures (not compile()'s): the source itself may be fine. */
    private static final java.util.Set<String> PYCD_ERRORS =
            java.util.Set.of("ReadError", "TooLarge", "WorkerLost", "WriteError", "Unstable");

    private CacheCheck() {
    }

    /**
     * @param dfiles      the co_filename expected for each source, or null to skip that check
     * @param prefix      the pycache prefix, or null
     * @return how many caches were checked
     */
    public static int verify(Interpreter interpreter, CompileSettings settings, CompileReport report, Path work,
                             Function<Path, String> dfiles, Path prefix) {
        int checked = 0;
        for (int level : settings.optimizeLevels()) {
            StringBuilder entries = new StringBuilder();
            for (CompileResult.Written w : report.written()) {
                if (!w.interpreter().cacheTag().equals(interpreter.cacheTag())) {
                    continue;
                }
                Path cache = w.caches().get(settings.optimizeLevels().indexOf(level));
                if (entries.length() > 0) {
                    entries.append(",\n");
                }
                entries.append("{\"source\": ").append(str(w.source().toAbsolutePath().toString()))
                        .append(", \"cache\": ").append(str(cache.toAbsolutePath().toString()))
                        .append(", \"level\": ").append(level);
                if (dfiles != null) {
                    entries.append(", \"dfile\": ").append(str(dfiles.apply(w.source())));
                }
                entries.append('}');
            }
            List<String> failed = new ArrayList<>();
            for (CompileResult.Failed f : report.failed()) {
                if (f.interpreter().cacheTag().equals(interpreter.cacheTag()) && !PYCD_ERRORS.contains(f.error())) {
                    failed.add(str(f.source().toAbsolutePath().toString()));
                }
            }
            String json = "{\"mode\": " + str(settings.mode().cliName()) + ", \"entries\": [" + entries
                    + "], \"failed\": [" + String.join(", ", failed) + "]}";
            Path spec = Py.write(tempIn(work, "spec", ".json"), json);
            List<String> pre = new ArrayList<>(List.of("-B"));
            if (level > 0) {
                pre.add(level == 1 ? "-O" : "-OO");
            }
            if (prefix != null) {
                pre.add("-X");
                pre.add("pycache_prefix=" + prefix.toAbsolutePath());
            }
            Py.Run run = Py.script(interpreter, work, SCRIPT, pre, List.of(spec.toString())).ok();
            Matcher m = Pattern.compile("\\{\"checked\": (\\d+), \"problems\": \\[(.*)\\]\\}", Pattern.DOTALL)
                    .matcher(run.out().strip());
            assertThat(m.matches()).as(run.out() + run.err()).isTrue();
            assertThat(m.group(2)).as("problems found by CPython (" + interpreter.version() + ", level " + level + ")")
                    .isEmpty();
            checked += Integer.parseInt(m.group(1));
        }
        return checked;
    }

    public static String str(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    /** mtime (ns) and inode of every file, to prove nothing was rewritten. */
    public static Map<Path, String> stamps(List<Path> files) {
        Map<Path, String> out = new java.util.TreeMap<>();
        for (Path f : files) {
            try {
                out.put(f, Files.getAttribute(f, "unix:ino") + "/" + Files.getAttribute(f, "unix:ctime") + "/"
                        + Files.getLastModifiedTime(f).toInstant());
            } catch (IOException e) {
                out.put(f, "missing");
            }
        }
        return out;
    }

    private static Path tempIn(Path dir, String prefix, String suffix) {
        try {
            return Files.createTempFile(dir, prefix, suffix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String load() {
        try (InputStream in = CacheCheck.class.getResourceAsStream("verify_caches.py")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
