package io.pycd.fs;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;

/** I/O failures in the few words pycd prints after a path ({@code path: permission denied}). */
public final class IoErrors {

    private IoErrors() {
    }

    /**
     * The file system (or the user's quota on it) is full: ENOSPC or EDQUOT. Java names no errno, only its text
     * (strerror's, in the C locale the JVM runs in); every other write to that file system would fail the same way.
     */
    public static boolean isOutOfSpace(IOException e) {
        String reason = e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : e.getMessage();
        return reason != null && (reason.contains("No space left on device") || reason.contains("Disk quota exceeded"));
    }

    /**
     * The operating system's reason ({@code Not a directory}), {@code permission denied}, or the message: a
     * {@link FileSystemException}'s message repeats the path, which the caller prints already.
     */
    public static String describe(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        String message = e.getMessage();
        if (e instanceof FileNotFoundException && message != null && message.endsWith(")")
                && message.lastIndexOf(" (") >= 0) {
            // java.io's "<path> (<the operating system's reason>)"
            String reason = message.substring(message.lastIndexOf(" (") + 2, message.length() - 1);
            return "Permission denied".equals(reason) ? "permission denied" : reason;
        }
        String reason = e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : message;
        return reason == null ? e.getClass().getSimpleName() : reason;
    }
}
