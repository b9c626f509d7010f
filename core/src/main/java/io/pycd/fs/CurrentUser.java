package io.pycd.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The user this process runs as, as the kernel sees it: Java names the user but not its id. */
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
}
