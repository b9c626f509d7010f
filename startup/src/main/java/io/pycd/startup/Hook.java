package io.pycd.startup;

import io.pycd.cache.SourceDigest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The hook a command runs with: {@code sitecustomize.py} (a resource of this module; it says how it works), in a
 * folder of its own that goes first on {@code PYTHONPATH}. It writes JSON lines to the file named by
 * {@link #REPORT_VARIABLE}.
 */
public final class Hook {

    /** The variable naming the file the hook appends its JSON lines to. */
    public static final String REPORT_VARIABLE = "PYCD_STARTUP_REPORT";

    private static final String FILE_NAME = "sitecustomize.py";
    private static final byte[] SOURCE = load();

    private Hook() {
    }

    /**
     * The hook's folder under {@code parent}, written there unless it already is. The folder is named after the
     * hook's content and kept between runs, so that Python's cache of the hook itself is kept too (a fresh folder
     * would cost a compile of the hook at every start, and the hook's cost is inside what is measured).
     */
    public static Path install(Path parent) throws IOException {
        Path folder = parent.resolve("hook-" + digest()).toAbsolutePath().normalize();
        Path file = folder.resolve(FILE_NAME);
        if (Files.isRegularFile(file) && Files.size(file) == SOURCE.length) {
            return folder;
        }
        Files.createDirectories(folder);
        Path temp = Files.createTempFile(folder, FILE_NAME, ".tmp");
        try {
            Files.write(temp, SOURCE);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
        return folder;
    }

    /** The hook's source, as shipped. */
    static byte[] source() {
        return SOURCE.clone();
    }

    /** The first 6 bytes of the hook's SHA-256, in hex: pycd's one SHA-256 ({@link SourceDigest}). */
    private static String digest() {
        return SourceDigest.of(SOURCE, SOURCE.length).substring(0, 12);
    }

    private static byte[] load() {
        try (InputStream in = Hook.class.getResourceAsStream(FILE_NAME)) {
            if (in == null) {
                throw new IllegalStateException(FILE_NAME + " is missing from pycd's jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
