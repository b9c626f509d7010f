package io.pycd.git.index;

import io.pycd.git.GitPaths;
import io.pycd.git.GitRepo;
import java.io.IOException;
import java.util.Set;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.errors.LockFailedException;
import org.eclipse.jgit.util.FS;

/**
 * A change to the index made the way git makes one: under {@code index.lock}, written into the lock file, and put
 * in place only by {@link #commit()}. Closing without committing removes the lock and leaves the index exactly as
 * it was, so a caller can take the lock first (the step most likely to be refused: git is running), do its other
 * work, and commit only when all of it succeeded.
 */
public final class IndexUpdate implements AutoCloseable {

    private final GitRepo repo;
    private final DirCache index;
    private boolean committed;

    private IndexUpdate(GitRepo repo, DirCache index) {
        this.repo = repo;
        this.index = index;
    }

    /**
     * Takes the index lock and reads the index.
     *
     * @throws IOException naming the lock file when git (or anyone) holds it, or the index when it cannot be read
     *                     or is in a form JGit cannot write (split or sparse: the message says how to convert it)
     */
    public static IndexUpdate lock(GitRepo repo) throws IOException {
        // JGit writes neither form: say how to convert, in a way that keeps what is staged
        switch (IndexReader.form(repo.indexFile())) {
            case SPLIT -> throw new IOException("the index " + repo.indexFile() + " is split, which pycd cannot"
                    + " write: git update-index --no-split-index converts it (keeping what is staged)");
            case SPARSE -> throw new IOException("the index " + repo.indexFile() + " is sparse, which pycd cannot"
                    + " write: git sparse-checkout reapply --no-sparse-index converts it (keeping what is staged)");
            case FULL -> {
                // JGit's own
            }
        }
        try {
            return new IndexUpdate(repo, DirCache.lock(repo.indexFile().toFile(), FS.DETECTED));
        } catch (LockFailedException e) {
            throw new IOException("the index is locked (" + repo.indexLock() + " exists: is git running?)", e);
        }
    }

    /**
     * {@code git rm --cached}: drops every stage of these paths (as {@link GitPaths#display} shows them) and writes
     * the result into the lock file; the files on disk are not touched.
     *
     * @return how many entries were dropped
     */
    public int untrack(Set<String> paths) throws IOException {
        DirCacheBuilder b = index.builder();
        int n = index.getEntryCount();
        int dropped = 0;
        for (int i = 0; i < n; i++) {
            DirCacheEntry e = index.getEntry(i);
            if (paths.contains(GitPaths.display(e.getRawPath()))) {
                dropped++;
            } else {
                b.add(e);
            }
        }
        b.finish();
        index.write();
        return dropped;
    }

    /** Puts the written index in place. */
    public void commit() throws IOException {
        if (!index.commit()) {
            throw new IOException("could not replace the index " + repo.indexFile());
        }
        committed = true;
    }

    /** Without {@link #commit()}: removes the lock, the index stays as it was. */
    @Override
    public void close() {
        if (!committed) {
            index.unlock();
        }
    }
}
