package io.pycd.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.pycd.tree.NotASourceException;
import io.pycd.tree.WalkProblem;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.List;

/** How every tree-walking command reports what its walk passed over, and an unusable PATH. */
final class WalkOutput {

    private WalkOutput() {
    }

    /** Errors always (standard error), deliberate skips such as symlinked folders only with {@code -v}. */
    static void print(Terminal term, List<WalkProblem> problems, boolean verbose) {
        for (WalkProblem p : problems) {
            if (p.error()) {
                term.err().println("pycd: " + p.path() + ": " + p.reason());
            } else if (verbose) {
                term.err().println("pycd: skipped " + p.path() + ": " + p.reason());
            }
        }
    }

    /** {@code "skipped": [{"path", "reason", "error"}]} */
    static void json(ArrayNode skipped, List<WalkProblem> problems) {
        for (WalkProblem p : problems) {
            skipped.addObject().put("path", p.path().toString()).put("reason", p.reason()).put("error", p.error());
        }
    }

    /**
     * A PATH the user gave to {@code command} that it cannot take, as a usage error of one shape for every command:
     * {@code PATH: what is wrong (what the command takes)} when the PATH is of the wrong kind.
     */
    static UsageFailure unusablePath(IOException e, String command) {
        if (e instanceof NoSuchFileException n) {
            return new UsageFailure(n.getFile() + ": no such file or folder");
        }
        if (e instanceof AccessDeniedException a) {
            return new UsageFailure(a.getFile() + ": permission denied");
        }
        if (e instanceof NotDirectoryException d) {
            return new UsageFailure(d.getFile() + ": not a folder (" + command + " takes folders)");
        }
        if (e instanceof NotASourceException s) {
            return new UsageFailure(s.getFile() + ": not a Python source (" + command
                    + " takes folders and .py files)");
        }
        return new UsageFailure(e.getMessage(), e);
    }
}
