package io.pycd.interpreter;

import java.util.List;

/**
 * An interpreter found by {@link InterpreterDiscovery}, with every place it was found under.
 *
 * @param interpreter the interpreter's facts
 * @param foundAs     the commands and paths that lead to it, e.g. {@code python3.12 (PATH)}
 */
public record Discovered(Interpreter interpreter, List<String> foundAs) {
}
