package io.pycd.store;

import io.pycd.code.CompileWarning;
import java.util.List;

/**
 * What one compile of a source gave, as the store keeps it: {@code marshal.dumps(code)} for each optimization level
 * compiled (ascending, as the key lists them) and the SyntaxWarnings compile() issued, replayed on a hit so that
 * output does not depend on whether the store was warm.
 */
public record StoredCode(List<byte[]> code, List<CompileWarning> warnings) {

    public StoredCode {
        if (code.isEmpty()) {
            throw new IllegalArgumentException("no code");
        }
        code = List.copyOf(code);
        warnings = List.copyOf(warnings);
    }
}
