package io.pycd.cli;

import picocli.CommandLine.Option;

/** {@code --format text|json|sarif}, {@code -q}, {@code -v}: for a command that also writes SARIF (audit). */
public final class SarifOutputOptions extends OutputFlags {

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", completionCandidates = Formats.class,
            description = "Output: text (default), json (one document, shape in README.md), or sarif (SARIF 2.1.0 "
                    + "for code scanning).")
    void format(String name) {
        choose(name, Format.text, Format.json, Format.sarif);
    }

    /** The formats offered, for completion scripts. */
    static final class Formats implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return java.util.List.of(Format.text.name(), Format.json.name(), Format.sarif.name()).iterator();
        }
    }
}
