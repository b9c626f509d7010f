package io.pycd.tree;

import java.util.regex.Pattern;

/**
 * An exclude pattern. Without a slash it matches a file or folder name anywhere in the tree ({@code build},
 * {@code *_pb2.py}); with one it matches the path from the tree's root ({@code src/gen/**}, a leading {@code /}
 * allowed). {@code *} and {@code ?} stay within one name, {@code **} crosses folders, {@code [...]} is a class.
 * A matched folder excludes everything below it.
 */
public final class Glob {

    private final String text;
    private final boolean anchored;
    private final Pattern pattern;

    private Glob(String text, boolean anchored, Pattern pattern) {
        this.text = text;
        this.anchored = anchored;
        this.pattern = pattern;
    }

    public static Glob compile(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("empty exclude pattern");
        }
        String body = text.endsWith("/") && text.length() > 1 ? text.substring(0, text.length() - 1) : text;
        boolean anchored = body.contains("/");
        if (body.startsWith("/")) {
            body = body.substring(1);
        }
        return new Glob(text, anchored, Pattern.compile(toRegex(body)));
    }

    /**
     * @param relativePath the path from the tree's root, with {@code /} between names
     * @param name         its last name
     */
    public boolean matches(String relativePath, String name) {
        return anchored ? pattern.matcher(relativePath).matches() : pattern.matcher(name).matches();
    }

    /** True when it has a {@code /}: it matches the path from the tree's root, so it depends on which root. */
    public boolean anchored() {
        return anchored;
    }

    @Override
    public String toString() {
        return text;
    }

    static String toRegex(String glob) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> {
                    if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                        i++;
                        if (i + 1 < glob.length() && glob.charAt(i + 1) == '/') {
                            i++;
                            re.append("(?:[^/]*/)*");
                        } else {
                            re.append(".*");
                        }
                    } else {
                        re.append("[^/]*");
                    }
                }
                case '?' -> re.append("[^/]");
                case '[' -> {
                    int close = glob.indexOf(']', i + 2);
                    if (close < 0) {
                        re.append("\\[");
                    } else {
                        String cls = glob.substring(i + 1, close);
                        if (cls.startsWith("!")) {
                            cls = "^" + cls.substring(1);
                        }
                        re.append('[').append(cls.replace("\\", "\\\\")).append(']');
                        i = close;
                    }
                }
                default -> {
                    if ("\\.^$+{}()|".indexOf(c) >= 0) {
                        re.append('\\');
                    }
                    re.append(c);
                }
            }
        }
        return re.toString();
    }
}
