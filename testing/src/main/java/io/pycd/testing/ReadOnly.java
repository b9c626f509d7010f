package io.pycd.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Makes a folder's entries impossible to remove. Tests run as root, where permissions stop nothing, so root gets
 * {@code chattr +i}; a file system without it skips the test (with why) rather than letting it pass untested.
 */
public final class ReadOnly {

    private ReadOnly() {
    }

    public static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    public static void lock(Path dir) throws Exception {
        if (root()) {
            int rc = new ProcessBuilder("chattr", "+i", dir.toString()).redirectErrorStream(true).start().waitFor();
            assumeTrue(rc == 0, "chattr +i is not available on this file system; as root nothing else stops a removal");
        } else {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
        }
    }

    public static void unlock(Path dir) throws Exception {
        if (root()) {
            new ProcessBuilder("chattr", "-i", dir.toString()).start().waitFor();
        } else {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }
}
