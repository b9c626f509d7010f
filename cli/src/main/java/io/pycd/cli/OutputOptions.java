package io.pycd.cli;

import picocli.CommandLine.Option;

/** {@code --format text|json}, {@code -q}, {@code -v}: the output options of every command but audit. */
public final class OutputOptions extends OutputFlags {

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "Output: text (default) or json (one document, shape in README.md).")
    void format(String name) {
        choose(name, Format.text, Format.json);
    }
}
