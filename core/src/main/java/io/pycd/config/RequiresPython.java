package io.pycd.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PEP 440 version specifier as projects write {@code requires-python}: clauses joined by commas, each one of
 * {@code ~= == != <= >= < > ===} with a release ({@code 3.9}, {@code 3.8.1}) or, after {@code ==} and {@code !=}, a
 * prefix ({@code 3.12.*}). Only release numbers take part: interpreters are final releases, so pre-, post- and
 * dev-release suffixes in the specifier are read and dropped (that may be off at the very edge of a series, where
 * PEP 440's pre-release rules would decide; never for a whole minor series).
 */
public final class RequiresPython {

    private static final Pattern CLAUSE = Pattern.compile(
            "\\s*(~=|===|==|!=|<=|>=|<|>)\\s*(v?[0-9]+(?:\\.[0-9]+)*)(\\.\\*)?((?:[-_.]?(?:a|b|c|rc|alpha|beta|pre|preview|post|rev|r|dev)[-_.]?[0-9]*)*)\\s*",
            Pattern.CASE_INSENSITIVE);

    private record Clause(String op, int[] release, boolean prefix, String text) {
    }

    private final String text;
    private final List<Clause> clauses;

    private RequiresPython(String text, List<Clause> clauses) {
        this.text = text;
        this.clauses = clauses;
    }

    /** @throws IllegalArgumentException when {@code text} is not a specifier this class understands */
    public static RequiresPython parse(String text) {
        List<Clause> clauses = new ArrayList<>();
        if (!text.isBlank()) {
            for (String part : text.split(",", -1)) {
                Matcher m = CLAUSE.matcher(part);
                if (!m.matches()) {
                    throw new IllegalArgumentException("requires-python '" + text
                            + "' is not a PEP 440 version specifier (at '" + part.strip() + "')");
                }
                String op = m.group(1);
                boolean prefix = m.group(3) != null;
                if (prefix && !op.equals("==") && !op.equals("!=")) {
                    throw new IllegalArgumentException("requires-python '" + text + "': '.*' is allowed only after == and !=");
                }
                if (prefix && !m.group(4).isEmpty()) {
                    throw new IllegalArgumentException("requires-python '" + text + "': nothing may follow '.*'");
                }
                int[] release = release(m.group(2).replaceFirst("^[vV]", ""));
                if (op.equals("~=") && release.length < 2) {
                    throw new IllegalArgumentException("requires-python '" + text + "': ~= needs at least two numbers");
                }
                clauses.add(new Clause(op, release, prefix, m.group(2)));
            }
        }
        return new RequiresPython(text, List.copyOf(clauses));
    }

    /** True when {@code version} ({@code 3.12.3}, or {@code 3.12} meaning 3.12.0) satisfies every clause. */
    public boolean allows(String version) {
        int[] v = release(version);
        for (Clause c : clauses) {
            if (!allows(c, v)) {
                return false;
            }
        }
        return true;
    }

    private static boolean allows(Clause c, int[] v) {
        switch (c.op()) {
            case "===":
                return String.join(".", Arrays.stream(v).mapToObj(Integer::toString).toList()).equals(c.text());
            case "==":
                return c.prefix() ? startsWith(v, c.release()) : compare(v, c.release()) == 0;
            case "!=":
                return c.prefix() ? !startsWith(v, c.release()) : compare(v, c.release()) != 0;
            case "<=":
                return compare(v, c.release()) <= 0;
            case ">=":
                return compare(v, c.release()) >= 0;
            case "<":
                return compare(v, c.release()) < 0;
            case ">":
                return compare(v, c.release()) > 0;
            case "~=":
                return compare(v, c.release()) >= 0
                        && startsWith(v, Arrays.copyOf(c.release(), c.release().length - 1));
            default:
                throw new IllegalStateException(c.op());
        }
    }

    /** Release comparison with the shorter one padded with zeros: 3.12 == 3.12.0. */
    static int compare(int[] a, int[] b) {
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            int x = i < a.length ? a[i] : 0;
            int y = i < b.length ? b[i] : 0;
            if (x != y) {
                return Integer.compare(x, y);
            }
        }
        return 0;
    }

    /** Prefix match as for {@code ==3.12.*}: the version padded with zeros to the prefix's length. */
    static boolean startsWith(int[] v, int[] prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if ((i < v.length ? v[i] : 0) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int[] release(String version) {
        String[] parts = version.strip().split("\\.");
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Integer.parseInt(parts[i]);
        }
        return out;
    }

    @Override
    public String toString() {
        return text;
    }
}
