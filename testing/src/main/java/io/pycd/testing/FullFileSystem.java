package io.pycd.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real file system small enough to fill: a tmpfs of a few pages mounted on a test's folder, unmounted on close.
 * Mounting needs root (or CAP_SYS_ADMIN); where it is refused the calling test is skipped, saying why, rather than
 * faking a full disk.
 */
public final class FullFileSystem implements AutoCloseable {

    private final Path mountPoint;

    private FullFileSystem(Path mountPoint) {
        this.mountPoint = mountPoint;
    }

    /** Mounts a tmpfs of {@code kilobytes} on {@code mountPoint} (created if missing). */
    public static FullFileSystem mount(Path mountPoint, int kilobytes) throws Exception {
        Files.createDirectories(mountPoint);
        Processes.Run r = Processes.exec(List.of("mount", "-t", "tmpfs", "-o", "size=" + kilobytes + "k,mode=0777",
                "tmpfs", mountPoint.toString()));
        assumeTrue(r.exit() == 0, "cannot mount a small tmpfs here (" + (r.out() + r.err()).strip()
                + "): no real full file system to test on");
        return new FullFileSystem(mountPoint);
    }

    public Path root() {
        return mountPoint;
    }

    @Override
    public void close() {
        Processes.exec(List.of("umount", mountPoint.toString())).ok();
    }
}
