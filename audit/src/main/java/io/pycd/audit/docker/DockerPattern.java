package io.pycd.audit.docker;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * One {@code .dockerignore} pattern. Docker turns patterns into Go regular expressions (a star is "anything but a
 * slash", a double star "any run of folders, or none", a trailing double star "anything") and short-cuts literal,
 * prefix-double-star and double-star-suffix patterns to string comparisons; this class does the same, but runs the
 * expression as a small automaton instead of a backtracking {@link java.util.regex.Pattern}, so that stacked
 * double stars stay linear as they do in Go.
 */
public final class DockerPattern {

    private enum Type { EXACT, PREFIX, SUFFIX, REGEXP }

    private final String cleaned;
    private final boolean exclusion;
    private final int line;
    private final String text;
    private final Type type;
    private final Node[] nodes;

    private DockerPattern(String cleaned, boolean exclusion, int line, String text, Type type, Node[] nodes) {
        this.cleaned = cleaned;
        this.exclusion = exclusion;
        this.line = line;
        this.text = text;
        this.type = type;
        this.nodes = nodes;
    }

    /** One step of the automaton. */
    private record Node(Op op, int ch, BitSet set, boolean negated, int skipTo) {
    }

    private enum Op { LIT, ANY_BUT_SLASH, SET, STAR_BUT_SLASH, STAR_ANY, OPT_GROUP }

    /** Compiles a cleaned pattern (without its {@code !}); null when Docker would reject it. */
    static DockerPattern compile(String cleaned, boolean exclusion, int line, String text) {
        if (!syntaxOk(cleaned)) {
            return null;
        }
        List<Node> nodes = new ArrayList<>();
        Type type = Type.EXACT;
        int[] cps = cleaned.codePoints().toArray();
        int i = 0;
        for (int iter = 0; i < cps.length; iter++) {
            int ch = cps[i++];
            if (ch == '*') {
                if (i < cps.length && cps[i] == '*') {
                    i++;
                    if (i < cps.length && cps[i] == '/') {
                        i++;
                    }
                    if (i == cps.length) {
                        if (type == Type.EXACT) {
                            type = Type.PREFIX;
                        } else {
                            nodes.add(new Node(Op.STAR_ANY, 0, null, false, 0));
                            type = Type.REGEXP;
                        }
                    } else {
                        // "any folders, or none": either skip the group, or any run of characters then a slash
                        int at = nodes.size();
                        nodes.add(new Node(Op.OPT_GROUP, 0, null, false, at + 3));
                        nodes.add(new Node(Op.STAR_ANY, 0, null, false, 0));
                        nodes.add(new Node(Op.LIT, '/', null, false, 0));
                        type = Type.REGEXP;
                    }
                    if (iter == 0) {
                        type = Type.SUFFIX;
                    }
                } else {
                    nodes.add(new Node(Op.STAR_BUT_SLASH, 0, null, false, 0));
                    type = Type.REGEXP;
                }
            } else if (ch == '?') {
                nodes.add(new Node(Op.ANY_BUT_SLASH, 0, null, false, 0));
                type = Type.REGEXP;
            } else if (ch == '\\') {
                if (i < cps.length) {
                    nodes.add(new Node(Op.LIT, cps[i++], null, false, 0));
                    type = Type.REGEXP;
                } else {
                    nodes.add(new Node(Op.LIT, '\\', null, false, 0));
                }
            } else if (ch == '[') {
                // A Go regexp class: [^...] negates, a-b ranges, \x escapes
                boolean neg = i < cps.length && cps[i] == '^';
                if (neg) {
                    i++;
                }
                BitSet set = new BitSet();
                List<int[]> ranges = new ArrayList<>();
                boolean closed = false;
                boolean firstInClass = true;
                while (i < cps.length) {
                    int c = cps[i++];
                    if (c == ']' && !firstInClass) {
                        closed = true;
                        break;
                    }
                    firstInClass = false;
                    if (c == '\\' && i < cps.length) {
                        c = cps[i++];
                    }
                    if (i + 1 < cps.length && cps[i] == '-' && cps[i + 1] != ']') {
                        i++;
                        int hi = cps[i++];
                        if (hi == '\\' && i < cps.length) {
                            hi = cps[i++];
                        }
                        ranges.add(new int[] {c, hi});
                    } else {
                        ranges.add(new int[] {c, c});
                    }
                }
                if (!closed) {
                    return null;
                }
                for (int[] r : ranges) {
                    if (r[1] < r[0]) {
                        return null;
                    }
                    if (r[1] - r[0] > 0x10000) {
                        return null;
                    }
                    set.set(r[0], r[1] + 1);
                }
                nodes.add(new Node(Op.SET, 0, set, neg, 0));
                type = Type.REGEXP;
            } else {
                nodes.add(new Node(Op.LIT, ch, null, false, 0));
            }
        }
        return new DockerPattern(cleaned, exclusion, line, text, type, nodes.toArray(new Node[0]));
    }

    /** Go's filepath.Match rejects unbalanced classes and a trailing backslash; Docker refuses such files. */
    private static boolean syntaxOk(String p) {
        int depth = 0;
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '\\') {
                if (i + 1 == p.length()) {
                    return false;
                }
                i++;
            } else if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth = 0;
            }
        }
        return depth == 0;
    }

    public boolean exclusion() {
        return exclusion;
    }

    public int line() {
        return line;
    }

    public String text() {
        return text;
    }

    boolean matches(String path) {
        return switch (type) {
            case EXACT -> path.equals(cleaned);
            case PREFIX -> path.startsWith(cleaned.substring(0, cleaned.length() - 2));
            case SUFFIX -> {
                String suffix = cleaned.substring(2);
                yield path.endsWith(suffix) || (suffix.startsWith("/") && path.equals(suffix.substring(1)));
            }
            case REGEXP -> run(path);
        };
    }

    /** Simulates the automaton on the whole path (anchored at both ends), one set of live states per character. */
    private boolean run(String path) {
        int n = nodes.length;
        BitSet live = new BitSet(n + 1);
        close(live, 0);
        int[] cps = path.codePoints().toArray();
        for (int c : cps) {
            BitSet next = new BitSet(n + 1);
            for (int s = live.nextSetBit(0); s >= 0 && s < n; s = live.nextSetBit(s + 1)) {
                Node node = nodes[s];
                switch (node.op) {
                    case LIT -> {
                        if (node.ch == c) {
                            close(next, s + 1);
                        }
                    }
                    case ANY_BUT_SLASH -> {
                        if (c != '/' && c != '\n') {
                            close(next, s + 1);
                        }
                    }
                    case SET -> {
                        if (node.set.get(c) != node.negated && !(node.negated && c == '\n')) {
                            close(next, s + 1);
                        }
                    }
                    case STAR_BUT_SLASH -> {
                        if (c != '/' && c != '\n') {
                            close(next, s);
                        }
                    }
                    case STAR_ANY -> {
                        if (c != '\n') {
                            close(next, s);
                        }
                    }
                    case OPT_GROUP -> {
                        // epsilon only; handled in close()
                    }
                }
            }
            live = next;
            if (live.isEmpty()) {
                return false;
            }
        }
        return live.get(n);
    }

    /** Adds state {@code s} and every state reachable from it without reading a character. */
    private void close(BitSet set, int s) {
        if (set.get(s)) {
            return;
        }
        set.set(s);
        if (s >= nodes.length) {
            return;
        }
        Node node = nodes[s];
        switch (node.op) {
            case STAR_BUT_SLASH, STAR_ANY -> close(set, s + 1);
            case OPT_GROUP -> {
                close(set, s + 1);
                close(set, node.skipTo);
            }
            default -> {
                // consumes a character
            }
        }
    }
}
