package io.pycd.worker;

import io.pycd.code.CompileWarning;
import java.util.List;

/** What became of one {@link CompileRequest}. */
public sealed interface CompileOutcome {

    /**
     * Compiled: {@code marshal.dumps(code)} for each requested level, lowest level first, the SyntaxWarnings
     * compile() issued (each once, whatever the level), and the SHA-256 of the source bytes the worker compiled, as
     * {@code SourceDigest} writes it ({@code ""} when that Python has no hashlib).
     */
    record Compiled(List<byte[]> code, List<CompileWarning> warnings, String sourceDigest) implements CompileOutcome {
    }

    /**
     * compile() raised: the exception's type name, message and, for SyntaxError, where (1-based; -1 when unknown).
     */
    record Failed(String type, String message, int line, int column) implements CompileOutcome {
    }

    /** The worker died, hung past the time limit or could not be started ({@code cause}); it has been replaced. */
    record WorkerLost(WorkerLoss cause, String reason) implements CompileOutcome {
    }
}
