package io.pycd.git.index;

import io.pycd.git.GitPaths;
import io.pycd.git.GitRepo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.util.FS;

/**
 * The paths git tracks: the index of a working tree, or the tree of {@code HEAD} for a bare repository.
 *
 * <p>Paths are kept as git stores them (bytes) and shown as text by {@link GitPaths#display}.
 */
public final class TrackedFiles {

    /** One tracked path. {@code submodule} marks a gitlink, whose content lives in another repository. */
    public record Entry(String path, byte[] raw, boolean submodule) {
    }

    private final List<Entry> entries;
    private final Set<String> paths;
    private final Set<String> folders;

    private TrackedFiles(List<Entry> entries) {
        this.entries = Collections.unmodifiableList(entries);
        this.paths = new HashSet<>(entries.size() * 2);
        // A tree has about a tenth as many folders as files: sized so that it rarely has to grow.
        this.folders = new HashSet<>(Math.max(16, entries.size() / 4));
        for (Entry e : entries) {
            paths.add(e.path);
            String p = e.path;
            for (int i = p.lastIndexOf('/'); i > 0; i = p.lastIndexOf('/', i - 1)) {
                if (!folders.add(p.substring(0, i))) {
                    break; // its ancestors are already there
                }
            }
        }
    }

    public static TrackedFiles of(List<Entry> entries) {
        return new TrackedFiles(new ArrayList<>(entries));
    }

    /**
     * Reads the index; a sparse index's folder entries are expanded from the trees they stand for, as
     * {@code git ls-files} shows them.
     *
     * @throws CorruptIndexException when the index cannot be parsed
     */
    public static TrackedFiles fromIndex(GitRepo repo) throws CorruptIndexException {
        List<IndexReader.Raw> raw;
        try {
            raw = IndexReader.read(repo.indexFile(), List.of(repo.gitDir(), repo.commonDir()));
        } catch (IOException | RuntimeException e) {
            throw new CorruptIndexException(repo.indexFile(), String.valueOf(e.getMessage()), e);
        }
        List<Entry> out = new ArrayList<>(raw.size());
        byte[] prev = null;
        Repository objects = null;
        try {
            for (IndexReader.Raw r : raw) {
                if (prev != null && java.util.Arrays.equals(prev, r.path())) {
                    continue; // another stage of a conflicted path
                }
                prev = r.path();
                if (IndexReader.isSparseFolder(r)) {
                    if (objects == null) {
                        objects = open(repo);
                    }
                    addTree(objects, ObjectId.fromRaw(r.treeId()), r.path(), out);
                } else {
                    out.add(new Entry(GitPaths.display(r.path()), r.path(), IndexReader.isGitlink(r.mode())));
                }
            }
        } catch (IOException e) {
            throw new CorruptIndexException(repo.indexFile(), "sparse index: " + e.getMessage(), e);
        } finally {
            if (objects != null) {
                objects.close();
            }
        }
        return new TrackedFiles(out);
    }

    private static Repository open(GitRepo repo) throws IOException {
        return new FileRepositoryBuilder().setGitDir(repo.gitDir().toFile()).setFS(FS.DETECTED).setMustExist(true)
                .build();
    }

    /** Every file of {@code tree}, each path prefixed with {@code prefix} (empty, or ending with a slash). */
    private static void addTree(Repository r, ObjectId tree, byte[] prefix, List<Entry> out) throws IOException {
        try (TreeWalk tw = new TreeWalk(r)) {
            tw.addTree(tree);
            tw.setRecursive(true);
            while (tw.next()) {
                byte[] name = tw.getRawPath();
                byte[] raw = new byte[prefix.length + name.length];
                System.arraycopy(prefix, 0, raw, 0, prefix.length);
                System.arraycopy(name, 0, raw, prefix.length, name.length);
                out.add(new Entry(GitPaths.display(raw), raw, tw.getRawMode(0) == FileMode.GITLINK.getBits()));
            }
        }
    }

    /** The files of {@code HEAD}'s tree: what a bare repository "tracks". Empty when there is no commit yet. */
    public static TrackedFiles fromHead(GitRepo repo) throws IOException {
        try (Repository r = open(repo)) {
            ObjectId head = r.resolve("HEAD^{tree}");
            List<Entry> out = new ArrayList<>();
            if (head != null) {
                addTree(r, head, new byte[0], out);
            }
            return new TrackedFiles(out);
        }
    }

    public List<Entry> entries() {
        return entries;
    }

    public int size() {
        return entries.size();
    }

    public boolean contains(String path) {
        return paths.contains(path);
    }

    /** How many folders hold tracked files. */
    public int folderCount() {
        return folders.size();
    }

    /** Is this a folder holding tracked files (at any depth)? */
    public boolean isFolder(String path) {
        return folders.contains(path);
    }
}
