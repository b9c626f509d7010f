package io.pycd.compile;

import io.pycd.interpreter.Interpreter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Remembers which sources failed to compile, keyed by everything that decides the outcome: the source's identity
 * and change stamps (inode, ctime, mtime, size), the interpreter's version and tag, the levels and the recorded file
 * name. A source that failed and has not changed fails the same way again, so a run with nothing else to do reports
 * it from here instead of starting Python. Only compile() errors are remembered, never I/O or worker trouble.
 */
public final class FailureMemo {

    private static final String FORMAT = "pycd-failures 1";

    private final Path file;
    private final Map<String, CompileResult.Failed> entries = new HashMap<>();

    private FailureMemo(Path file) {
        this.file = file;
    }

    /** An empty memo that is never saved. */
    public static FailureMemo disabled() {
        return new FailureMemo(null);
    }

    /** The memo for a run over {@code roots}, kept in {@code folder} (one file per set of roots). */
    public static FailureMemo load(Path folder, List<Path> roots, Map<Path, Interpreter> byExecutable) {
        StringBuilder id = new StringBuilder();
        roots.forEach(r -> id.append(r.toAbsolutePath().normalize()).append('\u0000'));
        FailureMemo memo = new FailureMemo(folder.resolve(sha1(id.toString()) + ".tsv"));
        try {
            List<String> lines = Files.readAllLines(memo.file, StandardCharsets.UTF_8);
            if (!lines.isEmpty() && FORMAT.equals(lines.get(0))) {
                for (String line : lines.subList(1, lines.size())) {
                    String[] p = line.split("\t", -1);
                    Interpreter interpreter = p.length == 7 ? byExecutable.get(Path.of(p[2])) : null;
                    if (interpreter != null) {
                        memo.entries.put(p[0], new CompileResult.Failed(Path.of(p[1]), interpreter, p[3],
                                unescape(p[4]), Integer.parseInt(p[5]), Integer.parseInt(p[6])));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // No memo yet, or a damaged one: everything is compiled.
        }
        return memo;
    }

    /** The remembered failure of {@code source} for {@code interpreter}, if neither has changed since. */
    public CompileResult.Failed recall(Path source, Interpreter interpreter, CompileSettings settings) {
        if (file == null || entries.isEmpty()) {
            return null;
        }
        String key = key(source, interpreter, settings);
        return key == null ? null : entries.get(key);
    }

    /** Replaces the memo's content with this run's compile failures. */
    public void save(List<CompileResult.Failed> failures, CompileSettings settings) {
        if (file == null) {
            return;
        }
        StringBuilder sb = new StringBuilder(FORMAT).append('\n');
        for (CompileResult.Failed f : failures) {
            if (isPycdOwn(f.error())) {
                continue;
            }
            String key = key(f.source(), f.interpreter(), settings);
            if (key != null) {
                sb.append(key).append('\t').append(f.source()).append('\t').append(f.interpreter().executable())
                        .append('\t').append(f.error()).append('\t').append(escape(f.message())).append('\t')
                        .append(f.line()).append('\t').append(f.column()).append('\n');
            }
        }
        try {
            if (failures.isEmpty() && !Files.exists(file)) {
                return;
            }
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), "failures", ".tmp");
            Files.writeString(tmp, sb, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            // Without a memo the next run compiles the failing sources again: slower, never wrong.
        }
    }

    static boolean isPycdOwn(String error) {
        return switch (error) {
            case "ReadError", "TooLarge", "WorkerLost", "WriteError", "Unstable" -> true;
            default -> false;
        };
    }

    private static String key(Path source, Interpreter interpreter, CompileSettings settings) {
        try {
            Map<String, Object> a = Files.readAttributes(source, "unix:ino,ctime,lastModifiedTime,size");
            return sha1(source.toAbsolutePath() + "\u0000" + a.get("ino") + "\u0000" + a.get("ctime") + "\u0000"
                    + a.get("lastModifiedTime") + "\u0000" + a.get("size") + "\u0000" + interpreter.version() + "\u0000"
                    + interpreter.cacheTag() + "\u0000" + interpreter.magic() + "\u0000" + settings.optimizeLevels()
                    + "\u0000" + settings.codeFileNames());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String sha1(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }

    private static String unescape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                sb.append(n == 't' ? '\t' : n == 'n' ? '\n' : n == 'r' ? '\r' : n);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
