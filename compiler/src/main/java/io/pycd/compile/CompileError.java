package io.pycd.compile;

import io.pycd.worker.WorkerLoss;

/**
 * Why a source has no cache: compile() raised (an open set: whatever exception type the interpreter raised), or pycd
 * itself could not get it compiled (a closed set: the source itself may be fine, so such failures are never
 * remembered). Text and JSON print {@link #label()}.
 */
public sealed interface CompileError {

    /** The name pycd prints: the exception's type, or one of pycd's own names. */
    String label();

    /**
     * compile() raised: {@code SyntaxError}, {@code IndentationError}, {@code ValueError} (NUL bytes before 3.11),
     * {@code MemoryError}, {@code RecursionError}, ...
     */
    record Raised(String type) implements CompileError {
        @Override
        public String label() {
            return type;
        }

        @Override
        public String toString() {
            return type;
        }
    }

    /** No worker answered for it; {@code cause} says why. */
    record WorkerLost(WorkerLoss cause) implements CompileError {
        @Override
        public String label() {
            return "WorkerLost";
        }

        @Override
        public String toString() {
            return label();
        }
    }

    /** pycd's other own failures. */
    enum Own implements CompileError {
        /** Unreadable, vanished, or not a regular file. */
        READ_ERROR("ReadError"),
        /** Over {@code --max-size}, or more than the memory there is to read it. */
        TOO_LARGE("TooLarge"),
        /** The cache cannot be written, or a symlink is in the way. */
        WRITE_ERROR("WriteError"),
        /** The source kept changing while it was compiled. */
        UNSTABLE("Unstable"),
        /**
         * The file system the caches go to is full: the write that found it so, and every cache of the run after it,
         * which is not compiled or written at all ({@link CacheCompiler#forOneRun}).
         */
        NO_SPACE("NoSpace");

        private final String label;

        Own(String label) {
            this.label = label;
        }

        @Override
        public String label() {
            return label;
        }

        @Override
        public String toString() {
            return label;
        }
    }
}
