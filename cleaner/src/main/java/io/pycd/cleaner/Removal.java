package io.pycd.cleaner;

import io.pycd.fs.Listing;
import java.nio.file.Path;

/**
 * One path a clean removes (planned) or removed (executed).
 *
 * @param path    the file or folder, as reached from the PATH given
 * @param reason  why
 * @param kind    a file, an empty {@code __pycache__} folder, or a whole folder tree (debris, erase)
 * @param bytes   bytes freed: the file's size, or the sum of the sizes of the files in a tree
 * @param files   regular files and links removed (1 for a file, 0 for an empty folder)
 * @param folders folders removed (0 for a file)
 * @param detail  more about the reason, for people: {@code source modified}, {@code cpython-38}, {@code pytest};
 *                empty when there is nothing to add
 * @param stamp   what the path was when planned; execution removes it only if it still is
 */
public record Removal(Path path, Reason reason, Kind kind, long bytes, long files, long folders, String detail,
                      Stamp stamp) {

    /** What is removed. */
    public enum Kind { FILE, EMPTY_FOLDER, TREE }

    /**
     * The lstat of a planned path: a file is removed only while its size, mtime and inode are unchanged (a
     * concurrent compile may have rewritten it fresh), a folder only while it is still a folder, not a link.
     *
     * @param size        bytes
     * @param mtime modification time, to the file system's precision
     * @param key   the file key (device and inode), or null where the file system has none
     */
    public record Stamp(long size, java.nio.file.attribute.FileTime mtime, Object key) {

        /** The entry as its folder's listing saw it. */
        public static Stamp of(Listing.Entry e) {
            return new Stamp(e.size(), e.mtime(), e.key());
        }
    }
}
