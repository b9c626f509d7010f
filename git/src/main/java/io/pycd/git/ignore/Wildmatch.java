package io.pycd.git.ignore;

/**
 * git's {@code wildmatch()} over bytes: the glob dialect of ignore files, with {@code **}, character classes and
 * backslash escapes.
 *
 * <p>Behaviour follows git's algorithm step by step (including its early aborts), because the results must agree
 * with {@code git check-ignore} byte for byte. Unlike git, the recursion is memoised once a pattern proves
 * expensive: the outcome of matching pattern position {@code p} against text position {@code t} depends on
 * nothing else, so caching it cannot change a result, and it bounds {@code a/**}{@code /**}{@code /**}-style
 * patterns to polynomial time where plain backtracking is exponential.
 */
final class Wildmatch {

    static final int MATCH = 0;
    static final int NOMATCH = 1;
    static final int ABORT_ALL = -1;
    static final int ABORT_TO_STARSTAR = -2;

    /** Recursive calls allowed before the memo table is switched on. */
    private static final int MEMO_THRESHOLD = 64;

    private final byte[] pat;
    private final int pEnd;
    private final byte[] text;
    private final int tEnd;
    private final boolean pathname;
    private final boolean casefold;
    private int calls;
    private byte[] memo;
    private java.util.Map<Long, Integer> bigMemo;
    /** Recursive calls made by the last match; read by tests to prove the bound without timing. */
    long steps;

    private Wildmatch(byte[] pat, int pEnd, byte[] text, int tEnd, boolean pathname, boolean casefold) {
        this.pat = pat;
        this.pEnd = pEnd;
        this.text = text;
        this.tEnd = tEnd;
        this.pathname = pathname;
        this.casefold = casefold;
    }

    /** True when {@code pat[pOff..pEnd)} matches {@code text[tOff..tEnd)}. */
    static boolean matches(byte[] pat, int pOff, int pEnd, byte[] text, int tOff, int tEnd,
                           boolean pathname, boolean casefold) {
        return run(pat, pOff, pEnd, text, tOff, tEnd, pathname, casefold).result == MATCH;
    }

    /** The raw outcome with the work done, for tests. */
    static Outcome run(byte[] pat, int pOff, int pEnd, byte[] text, int tOff, int tEnd,
                       boolean pathname, boolean casefold) {
        Wildmatch w = new Wildmatch(pat, pEnd, text, tEnd, pathname, casefold);
        int r = w.dowild(pOff, tOff);
        return new Outcome(r, w.steps);
    }

    record Outcome(int result, long steps) {
    }

    private int p(int i) {
        return i < pEnd ? pat[i] & 0xff : 0;
    }

    private int t(int i) {
        return i < tEnd ? text[i] & 0xff : 0;
    }

    private static boolean isUpper(int c) {
        return c >= 'A' && c <= 'Z';
    }

    private static boolean isLower(int c) {
        return c >= 'a' && c <= 'z';
    }

    private static int lower(int c) {
        return isUpper(c) ? c + 32 : c;
    }

    static boolean isGlobSpecial(int c) {
        return c == '*' || c == '?' || c == '[' || c == '\\';
    }

    private int dowild(int p, int t) {
        steps++;
        if (memo == null && bigMemo == null && ++calls > MEMO_THRESHOLD) {
            long size = (long) (pEnd + 1) * (tEnd + 1);
            if (size <= 1 << 22) {
                memo = new byte[(int) size];
            } else {
                bigMemo = new java.util.HashMap<>();
            }
        }
        long key = (long) p * (tEnd + 1) + Math.min(t, tEnd);
        if (memo != null) {
            int cached = memo[(int) key];
            if (cached != 0) {
                return cached - 3;
            }
            int r = dowildUncached(p, t);
            memo[(int) key] = (byte) (r + 3);
            return r;
        }
        if (bigMemo != null) {
            Integer cached = bigMemo.get(key);
            if (cached != null) {
                return cached;
            }
            int r = dowildUncached(p, t);
            bigMemo.put(key, r);
            return r;
        }
        return dowildUncached(p, t);
    }

    private int slashFrom(int t) {
        for (int i = t; i < tEnd; i++) {
            if (text[i] == '/') {
                return i;
            }
        }
        return -1;
    }

    @SuppressWarnings("fallthrough")
    private int dowildUncached(int p, int t) {
        final int patternStart = p;
        int pCh;
        for (; (pCh = p(p)) != 0; t++, p++) {
            int matched;
            boolean matchSlash;
            int tCh = t(t);
            if (tCh == 0 && pCh != '*') {
                return ABORT_ALL;
            }
            if (casefold && isUpper(tCh)) {
                tCh = lower(tCh);
            }
            if (casefold && isUpper(pCh)) {
                pCh = lower(pCh);
            }
            switch (pCh) {
                case '\\':
                    // A literal match with the next byte; a trailing backslash fails against any byte.
                    pCh = p(++p);
                    if (tCh != pCh) {
                        return NOMATCH;
                    }
                    continue;
                case '?':
                    if (pathname && tCh == '/') {
                        return NOMATCH;
                    }
                    continue;
                case '*': {
                    if (p(++p) == '*') {
                        int prevP = p - 2;
                        while (p(++p) == '*') {
                            // skip the run of stars
                        }
                        if (!pathname) {
                            matchSlash = true;
                        } else if ((prevP < patternStart || p(prevP) == '/')
                                && (p(p) == 0 || p(p) == '/' || (p(p) == '\\' && p(p + 1) == '/'))) {
                            // "**/" may match no folder at all: try the rest right here first.
                            if (p(p) == '/' && dowild(p + 1, t) == MATCH) {
                                return MATCH;
                            }
                            matchSlash = true;
                        } else {
                            matchSlash = false;
                        }
                    } else {
                        matchSlash = !pathname;
                    }
                    if (p(p) == 0) {
                        // A trailing "**" matches everything; a trailing "*" only what holds no more slashes.
                        if (!matchSlash && slashFrom(t) >= 0) {
                            return NOMATCH;
                        }
                        return MATCH;
                    } else if (!matchSlash && p(p) == '/') {
                        // One star followed by a slash matches up to the next folder.
                        int slash = slashFrom(t);
                        if (slash < 0) {
                            return NOMATCH;
                        }
                        t = slash;
                        break;
                    }
                    while (true) {
                        if (tCh == 0) {
                            break;
                        }
                        if (!isGlobSpecial(p(p))) {
                            // Advance fast to the next occurrence of the literal after the star.
                            int lit = p(p);
                            if (casefold && isUpper(lit)) {
                                lit = lower(lit);
                            }
                            while ((tCh = t(t)) != 0 && (matchSlash || tCh != '/')) {
                                if (casefold && isUpper(tCh)) {
                                    tCh = lower(tCh);
                                }
                                if (tCh == lit) {
                                    break;
                                }
                                t++;
                            }
                            if (tCh != lit) {
                                return NOMATCH;
                            }
                        }
                        if ((matched = dowild(p, t)) != NOMATCH) {
                            if (!matchSlash || matched != ABORT_TO_STARSTAR) {
                                return matched;
                            }
                        } else if (!matchSlash && tCh == '/') {
                            return ABORT_TO_STARSTAR;
                        }
                        tCh = t(++t);
                    }
                    return ABORT_ALL;
                }
                case '[': {
                    pCh = p(++p);
                    if (pCh == '^') {
                        pCh = '!';
                    }
                    boolean negated = pCh == '!';
                    if (negated) {
                        pCh = p(++p);
                    }
                    int prevCh = 0;
                    boolean hit = false;
                    do {
                        if (pCh == 0) {
                            return ABORT_ALL;
                        }
                        if (pCh == '\\') {
                            pCh = p(++p);
                            if (pCh == 0) {
                                return ABORT_ALL;
                            }
                            if (tCh == pCh) {
                                hit = true;
                            }
                        } else if (pCh == '-' && prevCh != 0 && p(p + 1) != 0 && p(p + 1) != ']') {
                            pCh = p(++p);
                            if (pCh == '\\') {
                                pCh = p(++p);
                                if (pCh == 0) {
                                    return ABORT_ALL;
                                }
                            }
                            if (tCh <= pCh && tCh >= prevCh) {
                                hit = true;
                            } else if (casefold && isLower(tCh)) {
                                int upper = tCh - 32;
                                if (upper <= pCh && upper >= prevCh) {
                                    hit = true;
                                }
                            }
                            pCh = 0; // so that prevCh becomes 0
                        } else if (pCh == '[' && p(p + 1) == ':') {
                            int s = p + 2;
                            p = s;
                            while ((pCh = p(p)) != 0 && pCh != ']') {
                                p++;
                            }
                            if (pCh == 0) {
                                return ABORT_ALL;
                            }
                            int len = p - s - 1;
                            if (len < 0 || p(p - 1) != ':') {
                                // No ":]": a plain '[' in the set.
                                p = s - 2;
                                pCh = '[';
                                if (tCh == pCh) {
                                    hit = true;
                                }
                                prevCh = pCh;
                                pCh = p(++p);
                                if (pCh == ']') {
                                    break;
                                }
                                continue;
                            }
                            String cls = new String(pat, s, len, java.nio.charset.StandardCharsets.ISO_8859_1);
                            Boolean in = classMatch(cls, tCh);
                            if (in == null) {
                                return ABORT_ALL;
                            }
                            if (in) {
                                hit = true;
                            }
                            pCh = 0;
                        } else if (tCh == pCh) {
                            hit = true;
                        }
                        prevCh = pCh;
                        pCh = p(++p);
                    } while (pCh != ']');
                    if (hit == negated || (pathname && tCh == '/')) {
                        return NOMATCH;
                    }
                    continue;
                }
                default:
                    if (tCh != pCh) {
                        return NOMATCH;
                    }
                    continue;
            }
        }
        return t(t) != 0 ? NOMATCH : MATCH;
    }

    /** POSIX classes as git's C locale sees them; null for an unknown class (git aborts the match). */
    private Boolean classMatch(String cls, int c) {
        boolean ascii = c < 128;
        return switch (cls) {
            case "alnum" -> ascii && Character.isLetterOrDigit(c);
            case "alpha" -> ascii && Character.isLetter(c);
            case "blank" -> c == ' ' || c == '\t';
            case "cntrl" -> c < 32 || c == 127;
            case "digit" -> c >= '0' && c <= '9';
            case "graph" -> c > 32 && c < 127;
            case "lower" -> isLower(c);
            case "print" -> c >= 32 && c < 127;
            case "punct" -> c > 32 && c < 127 && !Character.isLetterOrDigit(c);
            case "space" -> c == ' ' || (c >= 9 && c <= 13);
            case "upper" -> isUpper(c) || (casefold && isLower(c));
            case "xdigit" -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            default -> null;
        };
    }
}
