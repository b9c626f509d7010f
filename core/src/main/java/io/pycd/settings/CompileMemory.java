package io.pycd.settings;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where pycd keeps what it learns from compiles, for the engines to open: the bytecode store with its size limit
 * (empty with {@code --no-store} or {@code [tool.pycd] store = false}) and the record of what each cache was compiled
 * from ({@code io.pycd.state.CompileRecord}; empty: none kept, as in most tests).
 *
 * @param store         the store's folder
 * @param storeMaxBytes the store's size limit
 * @param record        the compile record's folder
 */
public record CompileMemory(Optional<Path> store, long storeMaxBytes, Optional<Path> record) {

    /** Neither store nor record: every stale source is compiled, nothing is remembered. */
    public static final CompileMemory NONE = new CompileMemory(Optional.empty(), 0, Optional.empty());
}
