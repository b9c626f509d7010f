package io.pycd.cli;

/** {@code --format text|json|sarif}, {@code -q}, {@code -v}: for a command that also writes SARIF (audit). */
public final class SarifOutputOptions extends OutputFlags {

    @Override
    Format[] offered() {
        return new Format[] {Format.text, Format.json, Format.sarif};
    }

    @Override
    String formatHelp() {
        return "Output: text (default), json (one document, shape in README.md), or sarif (SARIF 2.1.0 "
                + "for code scanning).";
    }
}
