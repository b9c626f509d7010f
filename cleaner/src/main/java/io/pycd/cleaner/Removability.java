package io.pycd.cleaner;

import io.pycd.fs.CurrentUser;
import io.pycd.fs.IoErrors;
import java.io.IOException;
import java.nio.file.AccessMode;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether this process may remove the entries of a folder, decided as the kernel decides it for unlink and rmdir
 * ({@code may_delete}): write and search permission on the folder, as {@code access(2)} answers it (so an immutable
 * folder, a read-only file system and root's privileges count as they do for the removal itself), and, in a folder
 * with the sticky bit, owning the entry or the folder. A real run checks each folder with it before removing from
 * it and the dry run reports what it says, so both report the same failures in the same words. What the kernel
 * decides otherwise (an immutable file in a writable folder, a tree that changed) cannot be foreseen here.
 *
 * @param folder  the folder
 * @param refused why nothing in it can be removed, in the words the removal would fail with; empty when it can
 * @param sticky  the folder has the sticky bit and belongs to another user, who is not root
 */
record Removability(Path folder, Optional<String> refused, boolean sticky) {

    private static final int STICKY = 01000;
    private static final int ROOT = 0;
    private static final int ME = CurrentUser.uid();

    /** Checks {@code folder} once; its entries are then judged by {@link #refusal}. */
    static Removability of(Path folder) {
        Path dir = folder == null ? Path.of("") : folder;
        Path asked = dir.toString().isEmpty() ? Path.of(".") : dir;
        try {
            asked.getFileSystem().provider().checkAccess(asked, AccessMode.WRITE, AccessMode.EXECUTE);
        } catch (NoSuchFileException e) {
            return new Removability(dir, Optional.empty(), false); // gone: the removal says so
        } catch (IOException e) {
            return new Removability(dir, Optional.of(IoErrors.describe(e)), false);
        }
        boolean sticky = false;
        if (ME != ROOT) {
            try {
                int mode = (Integer) Files.getAttribute(asked, "unix:mode");
                int owner = (Integer) Files.getAttribute(asked, "unix:uid");
                sticky = (mode & STICKY) != 0 && owner != ME;
            } catch (IOException | RuntimeException e) {
                sticky = false; // unknown: leave it to the removal
            }
        }
        return new Removability(dir, Optional.empty(), sticky);
    }

    /** Why {@code entry}, in this folder, cannot be removed; empty when nothing foreseeable stops it. */
    Optional<String> refusal(Path entry) {
        if (refused.isPresent() || !sticky) {
            return refused;
        }
        try {
            int owner = (Integer) Files.getAttribute(entry, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            return owner == ME ? Optional.empty()
                    : Optional.of("Operation not permitted (a sticky folder: only the owner may remove it)");
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
