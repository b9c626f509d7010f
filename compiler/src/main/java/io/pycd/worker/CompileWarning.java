package io.pycd.worker;

/**
 * A warning compile() issued for a source that still compiled, as compileall would print it.
 *
 * @param category the warning's class, e.g. {@code SyntaxWarning}
 * @param message  its text, e.g. {@code invalid escape sequence '\d'}
 * @param line     1-based, or -1 when unknown
 */
public record CompileWarning(String category, String message, int line) {
}
