package io.pycd.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The user this process runs as, as the kernel sees it (Java names the user but not its id), for the folders pycd must
 * not trust unless they are the user's own: the daemon's socket folder, the bytecode store, a sticky folder.
 */
public final class CurrentUser {

    private CurrentUser() {
    }

    /** This process's user id: {@code /proc/self} belongs to it; else the home folder's owner; -1 if neither says. */
    public static int uid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | RuntimeException e) {
            try {
                return (Integer) Files.getAttribute(Path.of(System.getProperty("user.home")), "unix:uid");
            } catch (IOException | RuntimeException e2) {
                return -1;
            }
        }
    }

    /** The user id owning {@code path} itself (a link is not followed). */
    public static int ownerOf(Path path) throws IOException {
        return (Integer) Files.getAttribute(path, "unix:uid", java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }
}
