package io.pycd.cli;

import picocli.CommandLine.Option;

/** {@code --format}, {@code -q}, {@code -v}: shared by every command. */
public final class OutputOptions {

    /** Output formats. SARIF is offered by audit only. */
    public enum Format { text, json, sarif }

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "Output: text (default) or json (one document, shape in README.md).")
    Format format = Format.text;

    @Option(names = {"-q", "--quiet"}, description = "Print only errors; no summary line.")
    boolean quiet;

    @Option(names = {"-v", "--verbose"}, description = "Also list every path acted on, with why.")
    boolean verbose;

    public boolean json() {
        return format == Format.json;
    }

    public Format format() {
        return format;
    }

    public boolean quiet() {
        return quiet;
    }

    public boolean verbose() {
        return verbose;
    }
}
