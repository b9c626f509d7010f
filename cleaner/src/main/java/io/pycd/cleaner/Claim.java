package io.pycd.cleaner;

import io.pycd.cleaner.debris.DebrisTopic;
import io.pycd.fs.Listing;
import io.pycd.tree.Glob;
import java.util.Map;

/**
 * A debris topic's or an {@code --erase} glob's claim on a folder entry: removed whole, whatever it holds.
 *
 * @param reason {@link Reason#DEBRIS} or {@link Reason#ERASE}
 * @param detail the topic or the glob
 */
record Claim(Reason reason, String detail) {

    /** The claim on {@code e} (at {@code relative} below its root), or null when nothing claims it. */
    static Claim on(CleanOptions options, Listing.Entry e, String relative, boolean besideProject) {
        if (e.type() != Listing.Type.FILE && e.type() != Listing.Type.DIR) {
            return null;
        }
        if (!options.debris().isEmpty()) {
            DebrisTopic t = DebrisTopic.match(options.debris(), e.name(), e.type() == Listing.Type.DIR, besideProject);
            if (t != null) {
                return new Claim(Reason.DEBRIS, t.topicName());
            }
        }
        for (Glob g : options.erase()) {
            if (g.matches(relative, e.name())) {
                return new Claim(Reason.ERASE, g.toString());
            }
        }
        return null;
    }

    /** Whether a folder with these entries holds a project file, beside which build/, dist/ and sdist/ are output. */
    static boolean besideProject(Map<String, Listing.Entry> names) {
        for (String f : DebrisTopic.PROJECT_FILES) {
            Listing.Entry e = names.get(f);
            if (e != null && e.type() == Listing.Type.FILE) {
                return true;
            }
        }
        return false;
    }
}
