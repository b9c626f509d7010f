package io.pycd.cli;

/** {@code --format text|json}, {@code -q}, {@code -v}: the output options of every command but audit. */
public final class OutputOptions extends OutputFlags {

    @Override
    Format[] offered() {
        return new Format[] {Format.text, Format.json};
    }

    @Override
    String formatHelp() {
        return "Output: text (default) or json (one document, shape in README.md).";
    }
}
