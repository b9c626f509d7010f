package io.pycd.cache;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes caches the way CPython's {@code _write_atomic} does: a temp file {@code <cache>.<digits>} opened
 * exclusively in the same folder with mode {@code (source mode | 0o200) & 0o666} (less the umask), then renamed over
 * the cache, so that no reader ever sees half a pyc. Unlike CPython it never writes through a symlinked
 * {@code __pycache__} or onto a symlink, because that would put files outside the tree.
 */
public final class CacheWriter {

    private static final AtomicLong COUNTER = new AtomicLong();

    private CacheWriter() {
    }

    /** Writes {@code header} then {@code code} to {@code cache}, atomically. */
    public static void write(Path cache, byte[] header, byte[] code, Set<PosixFilePermission> mode)
            throws CacheWriteException {
        Path dir = prepareFolder(cache);
        refuseNonRegularTarget(cache);
        Path temp = tempName(dir, cache);
        try (FileChannel ch = FileChannel.open(temp, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(mode))) {
            ByteBuffer[] parts = {ByteBuffer.wrap(header), ByteBuffer.wrap(code)};
            long total = header.length + (long) code.length;
            long written = 0;
            while (written < total) {
                written += ch.write(parts);
            }
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new CacheWriteException(cache, "", e);
        }
        moveInto(temp, cache);
    }

    /** Makes {@code cache} a hard link to {@code existing} (same bytes), atomically: compileall's --hardlink-dupes. */
    public static void link(Path existing, Path cache) throws CacheWriteException {
        Path dir = prepareFolder(cache);
        refuseNonRegularTarget(cache);
        Path temp = tempName(dir, cache);
        try {
            Files.createLink(temp, existing);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new CacheWriteException(cache, "", e);
        }
        moveInto(temp, cache);
    }

    /** CPython's mode for a cache of a source with {@code sourceMode}: writable by the owner, never executable. */
    public static Set<PosixFilePermission> modeFor(Set<PosixFilePermission> sourceMode) {
        Set<PosixFilePermission> mode = EnumSet.noneOf(PosixFilePermission.class);
        mode.addAll(sourceMode);
        mode.add(PosixFilePermission.OWNER_WRITE);
        mode.remove(PosixFilePermission.OWNER_EXECUTE);
        mode.remove(PosixFilePermission.GROUP_EXECUTE);
        mode.remove(PosixFilePermission.OTHERS_EXECUTE);
        return mode;
    }

    private static Path prepareFolder(Path cache) throws CacheWriteException {
        Path dir = cache.toAbsolutePath().getParent();
        if (Files.isSymbolicLink(dir)) {
            throw new CacheWriteException(cache, dir.getFileName() + " is a symlink; pycd does not write through it");
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            try {
                if (CacheNames.isPycacheDir(dir.getFileName().toString())) {
                    Files.createDirectory(dir);
                } else {
                    Files.createDirectories(dir);
                }
            } catch (FileAlreadyExistsException e) {
                if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                    throw new CacheWriteException(cache, dir + " exists and is not a folder");
                }
            } catch (IOException e) {
                throw new CacheWriteException(cache, "cannot create " + dir.getFileName() + ": ", e);
            }
        }
        return dir;
    }

    private static void refuseNonRegularTarget(Path cache) throws CacheWriteException {
        try {
            BasicFileAttributes a = Files.readAttributes(cache, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (a.isSymbolicLink()) {
                throw new CacheWriteException(cache, "cache is a symlink; pycd does not write through it");
            }
            if (!a.isRegularFile()) {
                throw new CacheWriteException(cache, "cache path exists and is not a regular file");
            }
        } catch (NoSuchFileException e) {
            // The usual case: nothing there yet.
        } catch (IOException e) {
            throw new CacheWriteException(cache, "", e);
        }
    }

    private static Path tempName(Path dir, Path cache) {
        return dir.resolve(cache.getFileName() + "." + io.pycd.fs.ThisProcess.pid() + COUNTER.incrementAndGet());
    }

    private static void moveInto(Path temp, Path cache) throws CacheWriteException {
        try {
            Files.move(temp, cache, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new CacheWriteException(cache, "", e);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // Leaves a temp file that pycd clean recognises.
        }
    }
}
