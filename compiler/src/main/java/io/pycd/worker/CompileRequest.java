package io.pycd.worker;

/**
 * One source for a worker to compile, at one or more optimization levels.
 *
 * @param source       the source bytes exactly as read from disk (never decoded: the worker's compile() decodes)
 * @param sourceLength how many bytes of {@code source} are the source
 * @param dfile        the file name recorded in the code objects ({@code co_filename})
 * @param optimizeMask bit N set to compile at optimization level N (0, 1, 2)
 */
public record CompileRequest(byte[] source, int sourceLength, String dfile, int optimizeMask) {
    public CompileRequest {
        if (optimizeMask <= 0 || optimizeMask > 7) {
            throw new IllegalArgumentException("optimize mask " + optimizeMask);
        }
    }
}
