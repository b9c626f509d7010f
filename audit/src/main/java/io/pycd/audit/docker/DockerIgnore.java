package io.pycd.audit.docker;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code .dockerignore} with Docker's semantics (moby's {@code patternmatcher} and {@code ignorefile}): patterns
 * are relative to the context root and matched against the whole path, so {@code __pycache__} or {@code *.pyc}
 * alone cover only the top level; a pattern matching a parent folder matches everything below it; the last
 * matching pattern wins and {@code !} re-includes, even below an excluded folder.
 */
public final class DockerIgnore {

    private final List<DockerPattern> patterns;
    private final List<String> errors;

    private DockerIgnore(List<DockerPattern> patterns, List<String> errors) {
        this.patterns = List.copyOf(patterns);
        this.errors = List.copyOf(errors);
    }

    /**
     * Parses the file as Docker reads it: a UTF-8 BOM on the first line is dropped, {@code #} lines are comments,
     * surrounding whitespace goes, paths are cleaned ({@code ./a//b/} is {@code a/b}) and a leading {@code /}
     * dropped.
     */
    public static DockerIgnore parse(byte[] content) {
        String text = new String(content, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<DockerPattern> out = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        int lineNo = 0;
        for (String raw : text.split("\n", -1)) {
            lineNo++;
            if (raw.startsWith("#")) {
                continue;
            }
            String p = raw.strip();
            if (p.isEmpty()) {
                continue;
            }
            boolean invert = p.charAt(0) == '!';
            if (invert) {
                p = p.substring(1).strip();
            }
            if (!p.isEmpty()) {
                p = GoPath.clean(p);
                if (p.length() > 1 && p.charAt(0) == '/') {
                    p = p.substring(1);
                }
            } else {
                errors.add("line " + lineNo + ": illegal exclusion pattern \"!\"");
                continue;
            }
            DockerPattern dp = DockerPattern.compile(GoPath.clean(p), invert, lineNo, raw.strip());
            if (dp == null) {
                errors.add("line " + lineNo + ": syntax error in pattern " + raw.strip());
                continue;
            }
            out.add(dp);
        }
        return new DockerIgnore(out, errors);
    }

    /** Patterns Docker would reject (the build fails on them); pycd skips them and says so. */
    public List<String> errors() {
        return errors;
    }

    public List<DockerPattern> patterns() {
        return patterns;
    }

    /**
     * Is the context-relative path excluded from the context? {@code MatchesOrParentMatches}: each pattern is
     * tried on the path and then on each of its parent folders.
     */
    public boolean excludes(String path) {
        String file = GoPath.clean(path);
        if (file.equals(".")) {
            return false;
        }
        int lastSlash = file.lastIndexOf('/');
        String parent = lastSlash < 0 ? "." : file.substring(0, lastSlash);
        boolean matched = false;
        for (DockerPattern p : patterns) {
            if (p.exclusion() != matched) {
                continue; // an inclusion cannot change an unmatched path, nor an exclusion a matched one
            }
            boolean match = p.matches(file);
            if (!match && !parent.equals(".")) {
                int from = 0;
                while (!match) {
                    int slash = parent.indexOf('/', from);
                    String prefix = slash < 0 ? parent : parent.substring(0, slash);
                    match = p.matches(prefix);
                    if (slash < 0) {
                        break;
                    }
                    from = slash + 1;
                }
            }
            if (match) {
                matched = !p.exclusion();
            }
        }
        return matched;
    }
}
