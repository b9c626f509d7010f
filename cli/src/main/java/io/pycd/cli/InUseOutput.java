package io.pycd.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pycd.cache.CacheTag;
import io.pycd.interpreter.InUse;
import io.pycd.interpreter.InterpreterException;
import io.pycd.interpreter.Interpreters;
import io.pycd.settings.Resolved;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/** The versions in use ({@link InUse}) as clean and status find and print them. */
final class InUseOutput {

    private InUseOutput() {
    }

    /**
     * The versions in use for {@code setup}'s tree on this machine. Interpreters that would not answer are left out;
     * with {@code problems} they are listed there.
     */
    static InUse find(Resolved setup, boolean onlyTargets, List<String> problems) {
        return InUse.find(Interpreters.of(setup.environment()), setup.inUseInputs(onlyTargets),
                (InterpreterException e) -> problems.add(e.getMessage()));
    }

    /**
     * One line: {@code keeping 3.11 (PATH), 3.12 (target), 3.13 (pyenv) · not 3.8 (outside requires-python >=3.9)}.
     */
    static String oneLine(InUse inUse) {
        StringJoiner kept = new StringJoiner(", ", "keeping ", "");
        kept.setEmptyValue("keeping no version");
        for (InUse.Use u : inUse.sorted()) {
            kept.add(name(u.tag()) + " (" + u.reason().label() + ")");
        }
        StringBuilder line = new StringBuilder(kept.toString());
        if (!inUse.refused().isEmpty()) {
            StringJoiner refused = new StringJoiner(", ");
            inUse.sortedRefused().forEach(u -> refused.add(name(u.tag())));
            line.append(" · not ").append(refused).append(" (outside requires-python ")
                    .append(inUse.requiresPython().map(Object::toString).orElse("")).append(')');
        }
        for (InUse.Unanswered u : inUse.unanswered()) {
            line.append(" · ").append(u.tag().isPresent() ? "also " + u.keeps() : "every other 3.x").append(" (")
                    .append(u.command()).append(" did not answer)");
        }
        return line.toString();
    }

    /** Every version with where it was found: {@code keeping cpython-312: target /usr/bin/python3.12 (3.12.1)}. */
    static List<String> detail(InUse inUse) {
        List<String> lines = new ArrayList<>();
        inUse.sorted().forEach(u -> lines.add("keeping " + u.tag() + ": " + u.describe()));
        inUse.sortedRefused().forEach(u -> lines.add("not keeping " + u.tag() + ": " + u.describe()
                + ", outside requires-python " + inUse.requiresPython().map(Object::toString).orElse("")));
        for (InUse.Unanswered u : inUse.unanswered()) {
            lines.add("keeping " + u.tag().map(t -> t + ": ").orElse("every cpython-3 tag: ") + u.why()
                    + "; it may use them");
        }
        return lines;
    }

    /**
     * {@code {"<tag>": {"version", "reason", "from"}}} for the versions in use, and the same with {@code "why"} for
     * those refused.
     */
    static void json(ObjectNode doc, InUse inUse) {
        ObjectNode keep = doc.putObject("keep");
        inUse.sorted().forEach(u -> use(keep.putObject(u.tag()), u));
        ObjectNode refused = doc.putObject("not_kept");
        inUse.sortedRefused().forEach(u -> use(refused.putObject(u.tag()), u).put("why",
                "outside requires-python " + inUse.requiresPython().map(Object::toString).orElse("")));
        ArrayNode unanswered = doc.putArray("unanswered");
        for (InUse.Unanswered u : inUse.unanswered()) {
            unanswered.addObject().put("from", u.command().toString()).put("tag", u.tag().orElse(null))
                    .put("why", u.why());
        }
    }

    private static ObjectNode use(ObjectNode n, InUse.Use u) {
        return n.put("version", u.version()).put("reason", u.reason().label()).put("from", u.where());
    }

    /** {@code 3.12} for CPython's tags, the tag itself for others ({@code pypy39}). */
    static String name(String tag) {
        return CacheTag.parse(tag).filter(CacheTag::isCPython).map(t -> t.major() + "." + t.minor()).orElse(tag);
    }
}
