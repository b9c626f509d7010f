package io.pycd.compile;

/** Hears how a run progresses, for progress bars. Called from several threads. */
public interface CompileListener {

    /** The walk and the header checks are done: {@code jobs} compiles are about to start. */
    default void planned(int sources, int fresh, int jobs) {
    }

    /** One compile finished. */
    default void finished(CompileResult result) {
    }

    CompileListener NONE = new CompileListener() {
    };
}
