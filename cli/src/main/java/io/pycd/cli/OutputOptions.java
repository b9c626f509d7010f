package io.pycd.cli;

import picocli.CommandLine.Option;

/** {@code --format text|json}, {@code -q}, {@code -v}: the output options of every command but audit. */
public final class OutputOptions extends OutputFlags {

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", completionCandidates = Formats.class,
            description = "Output: text (default) or json (one document, shape in README.md).")
    void format(String name) {
        choose(name, Format.text, Format.json);
    }

    /** The formats offered, for completion scripts. */
    static final class Formats implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return java.util.List.of(Format.text.name(), Format.json.name()).iterator();
        }
    }
}
