package io.pycd.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CPython itself judges caches (verify_caches.py): import accepts each cache for the source's current bytes without
 * recompiling, the header validates with importlib's own functions, the code equals what {@code compile()} gives
 * (and holds the expected {@code co_filename}), and every source reported as failing is one {@code compile()} also
 * rejects. The one cache oracle of pycd's tests.
 */
public final class CacheOracle {

    private static final String SCRIPT = load();
    private static final Pattern RESULT = Pattern.compile("\\{\"checked\": (\\d+), \"problems\": \\[(.*)\\]\\}",
            Pattern.DOTALL);

    /**
     * One cache to check.
     *
     * @param source the source it was compiled from
     * @param cache  the cache file
     * @param dfile  the {@code co_filename} it must hold, or null to skip that check
     */
    public record Entry(Path source, Path cache, String dfile) {
    }

    /** What CPython found: how many caches it checked and what was wrong. */
    public record Verdict(int checked, String problems) {
        /** Asserts there were no problems; returns how many caches were checked. */
        public int assertRight() {
            assertThat(problems).as("problems CPython found with the caches").isEmpty();
            return checked;
        }
    }

    private CacheOracle() {
    }

    /**
     * Checks caches of one optimization level against {@code python}.
     *
     * @param mode   {@code timestamp}, {@code checked-hash} or {@code unchecked-hash}: the flags every cache must have
     * @param prefix the pycache prefix the caches were written under, or null
     * @param failed sources reported as failing to compile
     * @param work   a folder for the oracle's spec file
     */
    public static Verdict check(Path python, int level, String mode, Path prefix, List<Entry> entries,
                                List<Path> failed, Path work) {
        StringBuilder json = new StringBuilder("{\"mode\": ").append(str(mode)).append(", \"entries\": [");
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            json.append(i == 0 ? "" : ",\n").append("{\"source\": ").append(str(e.source().toAbsolutePath().toString()))
                    .append(", \"cache\": ").append(str(e.cache().toAbsolutePath().toString()))
                    .append(", \"level\": ").append(level);
            if (e.dfile() != null) {
                json.append(", \"dfile\": ").append(str(e.dfile()));
            }
            json.append('}');
        }
        json.append("], \"failed\": [");
        for (int i = 0; i < failed.size(); i++) {
            json.append(i == 0 ? "" : ", ").append(str(failed.get(i).toAbsolutePath().toString()));
        }
        json.append("]}");
        try {
            Path spec = Files.createTempFile(work, "spec", ".json");
            Files.writeString(spec, json);
            Path script = Files.createTempFile(work, "verify", ".py");
            Files.writeString(script, SCRIPT);
            List<String> cmd = new ArrayList<>(List.of(python.toString(), "-B"));
            if (level > 0) {
                cmd.add(level == 1 ? "-O" : "-OO");
            }
            if (prefix != null) {
                cmd.add("-X");
                cmd.add("pycache_prefix=" + prefix.toAbsolutePath());
            }
            cmd.add(script.toString());
            cmd.add(spec.toString());
            Processes.Run run = Processes.exec(cmd).ok();
            Matcher m = RESULT.matcher(run.out().strip());
            assertThat(m.matches()).as(run.out() + run.err()).isTrue();
            return new Verdict(Integer.parseInt(m.group(1)), m.group(2));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Checks timestamp caches in {@code __pycache__} at level 0, with no file name check. */
    public static Verdict check(Path python, List<Entry> entries, Path work) {
        return check(python, 0, "timestamp", null, entries, List.of(), work);
    }

    /** A JSON string literal. */
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

    private static String load() {
        try (InputStream in = CacheOracle.class.getResourceAsStream("verify_caches.py")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
