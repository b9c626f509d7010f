package io.pycd.cli;

import picocli.CommandLine.Option;

/** {@code --format text|json|sarif}, {@code -q}, {@code -v}: for a command that also writes SARIF (audit). */
public final class SarifOutputOptions extends OutputFlags {

    private static final Format[] OFFERED = {Format.text, Format.json, Format.sarif};

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", completionCandidates = Offered.class,
            description = "Output: text (default), json (one document, shape in README.md), or sarif (SARIF 2.1.0 "
                    + "for code scanning).")
    void format(String name) {
        choose(name, OFFERED);
    }

    /** What shell completion offers after {@code --format}. */
    static final class Offered extends Names {
        Offered() {
            super(OFFERED);
        }
    }
}
