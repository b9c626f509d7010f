package io.pycd.compile;

import io.pycd.interpreter.Interpreter;
import io.pycd.code.CompileWarning;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/** What happened to one source for one interpreter. */
public sealed interface CompileResult {

    /** The order compile reports results in: by source path, then by the interpreter's cache tag. */
    // A class, not Comparator.comparing (its lambdas are the JDK's, which Java 17's class-data archive cannot hold,
    // so each would be generated at every start) nor a lambda (a call site every start links on Java 17).
    Comparator<CompileResult> ORDER = new Comparator<>() {
        @Override
        public int compare(CompileResult a, CompileResult b) {
            int bySource = a.source().toString().compareTo(b.source().toString());
            return bySource != 0 ? bySource : a.interpreter().cacheTag().compareTo(b.interpreter().cacheTag());
        }
    };

    Path source();

    Interpreter interpreter();

    /**
     * Its caches were written, one per optimization level asked for; compile() may have warned.
     *
     * @param reason    why it was compiled
     * @param fromStore the code came from the bytecode store (with the warnings its compile issued), not a worker
     */
    record Written(Path source, Interpreter interpreter, List<Path> caches, List<CompileWarning> warnings,
                   CompileReason reason, boolean fromStore) implements CompileResult {

        /** {@code path:line: SyntaxWarning: message}, one line a warning. */
        public List<String> describeWarnings() {
            return warnings.stream().map(w -> source + (w.line() > 0 ? ":" + w.line() : "") + ": " + w.category()
                    + ": " + w.message()).toList();
        }
    }

    /**
     * It could not be compiled or its cache could not be written.
     *
     * @param error   what compile() raised, or pycd's own failure
     * @param line    1-based, or -1
     * @param column  1-based, or -1
     */
    record Failed(Path source, Interpreter interpreter, CompileError error, String message, int line, int column)
            implements CompileResult {

        /** A failure of pycd's own, where nothing says where in the source. */
        public static Failed of(Path source, Interpreter interpreter, CompileError error, String message) {
            return new Failed(source, interpreter, error, message, -1, -1);
        }

        /** {@code path:line:column: SyntaxError: message}, the shape compilers and editors understand. */
        public String describe() {
            StringBuilder sb = new StringBuilder(source.toString());
            if (line > 0) {
                sb.append(':').append(line);
                if (column > 0) {
                    sb.append(':').append(column);
                }
            }
            return sb.append(": ").append(error.label()).append(": ").append(message).toString();
        }
    }
}
