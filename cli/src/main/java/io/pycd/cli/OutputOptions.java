package io.pycd.cli;

import picocli.CommandLine.Option;

/** {@code --format text|json}, {@code -q}, {@code -v}: the output options of every command but audit. */
public final class OutputOptions extends OutputFlags {

    private static final Format[] OFFERED = {Format.text, Format.json};

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", completionCandidates = Offered.class,
            description = "Output: text (default) or json (one document, shape in README.md).")
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
