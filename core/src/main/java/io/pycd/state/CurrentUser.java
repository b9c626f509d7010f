package io.pycd.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** Who pycd runs as, for the folders it must not trust unless they are the user's own (daemon socket, store). */
public final class CurrentUser {

    private CurrentUser() {
    }

    /** This process's user id, or -1 when it cannot be told. */
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
        return (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    }
}
