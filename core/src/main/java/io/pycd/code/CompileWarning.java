package io.pycd.code;

/**
 * A warning compile() issued for a source that still compiled, as compileall would print it. In core because a
 * compile's warnings outlive the worker that reported them: the bytecode store keeps them with the code and replays
 * them on a hit.
 *
 * @param category the warning's class, e.g. {@code SyntaxWarning}
 * @param message  its text, e.g. {@code invalid escape sequence '\d'}
 * @param line     1-based, or -1 when unknown
 */
public record CompileWarning(String category, String message, int line) {
}
