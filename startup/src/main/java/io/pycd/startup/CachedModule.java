package io.pycd.startup;

import java.nio.file.Path;

/**
 * A module importlib read from a valid cache.
 *
 * @param module  its name
 * @param source  its source file, absolute
 * @param process the process that imported it
 */
public record CachedModule(String module, Path source, PythonProcess process) {
}
