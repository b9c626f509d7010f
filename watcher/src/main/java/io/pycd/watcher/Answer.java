package io.pycd.watcher;

/**
 * A watcher's answer to a question a walk would otherwise answer ({@link Watcher#compileReport},
 * {@link Watcher#statusReport}): the report, or why the watcher cannot be sure it is the walk's.
 */
public sealed interface Answer<T> {

    /** What a walk would have reported. */
    record Known<T>(T report) implements Answer<T> {
    }

    /** The watcher cannot say; {@code why}, in words. The caller walks. */
    record Unknown<T>(String why) implements Answer<T> {
    }
}
