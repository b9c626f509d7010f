package io.pycd.git.history;

import io.pycd.git.GitPaths;
import io.pycd.git.GitRepo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.MutableObjectId;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevFlag;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevTag;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.util.FS;

/**
 * Every path ever committed on any branch, tag or remote branch that a {@link Selector} picks: the earliest commit
 * (by committer date, parents first) whose tree holds it, the size of that blob, and the total size of every
 * distinct selected blob in the history.
 *
 * <p>Cost is one parse per distinct tree object: whether a tree holds a selected path anywhere below is worked out
 * once per tree id and remembered, so the many commits that share unchanged subtrees cost almost nothing, and trees
 * without selected paths are never entered again. That is only sound because the selector decides on names alone,
 * never on where a tree sits. Missing objects (partial or broken clones) and shallow boundaries are counted and
 * counted in the result; the scan goes on with what exists.
 */
public final class HistoryScan {

    /**
     * Which tree entries the scan collects, by their names (raw bytes {@code name[from..to)}) alone.
     */
    public interface Selector {

        /** Is every path below a folder of this name selected (a {@code __pycache__}, say)? */
        boolean selectsFolder(byte[] name, int from, int to);

        /** Is a file of this name selected wherever it sits? */
        boolean selectsFile(byte[] name, int from, int to);
    }

    /** Receives the scan's progress: {@code done} of {@code total} commits examined. */
    @FunctionalInterface
    public interface Progress {

        Progress NONE = (done, total) -> { };

        void commits(long done, long total);
    }

    /**
     * One selected path.
     *
     * @param path   repository-relative, as git shows it ({@link GitPaths#display})
     * @param raw    the path's bytes as git stores them
     * @param commit the earliest commit whose tree holds the path
     * @param bytes  the size of the blob that commit added, or null when the object is missing
     */
    public record Added(String path, byte[] raw, String commit, Long bytes) {
    }

    /**
     * What the scan found.
     *
     * @param paths      one entry per selected path, sorted by path
     * @param totalBytes the sum of the sizes of every distinct selected blob reachable, where known
     * @param commits    commits examined
     * @param incomplete why the answer may be incomplete
     */
    public record Result(List<Added> paths, long totalBytes, int commits, Incomplete incomplete) {
    }

    /**
     * What the repository lacks, each counted (all zero for a complete repository).
     *
     * @param missingCommits    commits that could not be read: history behind them is not checked
     * @param shallowBoundaries the boundary commits of a shallow clone: paths added before them are reported there
     * @param missingTrees      tree objects that could not be read: paths below them are not reported
     * @param missingBlobs      selected blobs that could not be read: their size is unknown
     */
    public record Incomplete(int missingCommits, int shallowBoundaries, int missingTrees, int missingBlobs) {
    }

    private final ObjectReader reader;
    private final Map<ObjectId, Boolean> hasSelected = new HashMap<>();
    private final Set<Place> visited = new HashSet<>();
    private final Map<String, Found> first = new HashMap<>();
    private final Set<ObjectId> blobs = new HashSet<>();
    private int missing;

    private record Found(RevCommit commit, ObjectId blob) {
    }

    private final Selector selector;

    private HistoryScan(ObjectReader reader, Selector selector) {
        this.reader = reader;
        this.selector = selector;
    }

    /** Scans the history of {@code repo} for the paths {@code selector} picks. */
    public static Result scan(GitRepo repo, Selector selector, Progress progress) throws IOException {
        try (Repository r = new FileRepositoryBuilder().setGitDir(repo.gitDir().toFile()).setFS(FS.DETECTED)
                .setMustExist(true).build();
             ObjectReader reader = r.newObjectReader();
             RevWalk rw = new RevWalk(reader)) {
            rw.setRetainBody(false);
            int[] missingCommits = new int[1];
            Set<ObjectId> shallow = r.getObjectDatabase().getShallowCommits();
            List<RevCommit> commits = topological(collect(r, rw, shallow, missingCommits), rw, shallow);
            HistoryScan s = new HistoryScan(reader, selector);
            int done = 0;
            for (RevCommit c : commits) {
                s.visit(c.getTree(), "", false, c);
                if (++done % 1000 == 0) {
                    progress.commits(done, commits.size());
                }
            }
            progress.commits(commits.size(), commits.size());
            long total = 0;
            int unknown = 0;
            Map<ObjectId, Long> sizes = new HashMap<>();
            for (ObjectId b : s.blobs) {
                long size = s.size(b);
                sizes.put(b, size);
                if (size >= 0) {
                    total += size;
                } else {
                    unknown++;
                }
            }
            List<Added> out = new ArrayList<>(s.first.size());
            for (var e : s.first.entrySet()) {
                Long size = sizes.get(e.getValue().blob);
                byte[] raw = e.getKey().getBytes(StandardCharsets.ISO_8859_1);
                out.add(new Added(GitPaths.display(raw), raw, e.getValue().commit.name(),
                        size == null || size < 0 ? null : size));
            }
            out.sort(Comparator.comparing(Added::path));
            return new Result(List.copyOf(out), total, commits.size(),
                    new Incomplete(missingCommits[0], shallow.size(), s.missing, unknown));
        }
    }

    /** Every commit reachable from the refs pycd audits, parsed; missing ones are counted, not fatal. */
    private static List<RevCommit> collect(Repository r, RevWalk rw, Set<ObjectId> shallow, int[] missingCommits)
            throws IOException {
        RevFlag seen = rw.newFlag("seen");
        ArrayDeque<RevCommit> todo = new ArrayDeque<>();
        List<Ref> refs = new ArrayList<>(r.getRefDatabase().getRefs());
        Ref head = r.exactRef(Constants.HEAD);
        if (head != null) {
            refs.add(head);
        }
        int missing = 0;
        for (Ref ref : refs) {
            String name = ref.getName();
            if (name.equals("refs/stash") || name.startsWith("refs/notes/") || ref.getObjectId() == null) {
                continue;
            }
            try {
                RevObject o = rw.parseAny(ref.getObjectId());
                while (o instanceof RevTag t) {
                    o = rw.parseAny(t.getObject());
                }
                if (o instanceof RevCommit c && !c.has(seen)) {
                    c.add(seen);
                    todo.push(c);
                }
            } catch (MissingObjectException | IncorrectObjectTypeException e) {
                missing++;
            }
        }
        List<RevCommit> out = new ArrayList<>();
        while (!todo.isEmpty()) {
            RevCommit c = todo.pop();
            try {
                rw.parseHeaders(c);
            } catch (MissingObjectException e) {
                missing++;
                continue;
            }
            out.add(c);
            if (shallow.contains(c)) {
                continue;
            }
            for (RevCommit p : c.getParents()) {
                if (!p.has(seen)) {
                    p.add(seen);
                    todo.push(p);
                }
            }
        }
        missingCommits[0] = missing;
        return out;
    }

    /**
     * Parents before children (so that "first" means first in the history, whatever the clocks said), and among
     * commits free to go, older committer dates first.
     */
    private static List<RevCommit> topological(List<RevCommit> commits, RevWalk rw, Set<ObjectId> shallow) {
        RevFlag in = rw.newFlag("collected");
        RevFlag done = rw.newFlag("ordered");
        for (RevCommit c : commits) {
            c.add(in);
        }
        List<RevCommit> roots = new ArrayList<>(commits);
        roots.sort(Comparator.comparingInt(RevCommit::getCommitTime));
        List<RevCommit> out = new ArrayList<>(commits.size());
        ArrayDeque<RevCommit> stack = new ArrayDeque<>();
        ArrayDeque<Integer> next = new ArrayDeque<>();
        for (RevCommit root : roots) {
            if (root.has(done)) {
                continue;
            }
            stack.push(root);
            next.push(0);
            while (!stack.isEmpty()) {
                RevCommit c = stack.peek();
                int i = next.pop();
                RevCommit[] parents = shallow.contains(c) ? new RevCommit[0] : c.getParents();
                if (i < parents.length) {
                    next.push(i + 1);
                    RevCommit p = parents[i];
                    if (p.has(in) && !p.has(done)) {
                        stack.push(p);
                        next.push(0);
                    }
                } else {
                    stack.pop();
                    if (!c.has(done)) {
                        c.add(done);
                        out.add(c);
                    }
                }
            }
        }
        return out;
    }

    private long size(ObjectId blob) {
        try {
            return reader.getObjectSize(blob, Constants.OBJ_BLOB);
        } catch (IOException e) {
            return -1;
        }
    }

    /** The raw entries of a tree, or null when it is missing. */
    private byte[] tree(AnyObjectId id) {
        try {
            return reader.open(id, Constants.OBJ_TREE).getCachedBytes(Integer.MAX_VALUE);
        } catch (IOException e) {
            missing++;
            return null;
        }
    }

    private static boolean isTree(int mode) {
        return (mode & 0170000) == 0040000;
    }

    private static boolean isBlob(int mode) {
        int type = mode & 0170000;
        return type == 0100000 || type == 0120000;
    }

    /** Does this tree hold a selected path anywhere below? Remembered per tree id. */
    private boolean holdsSelected(AnyObjectId id) {
        Boolean known = hasSelected.get(id);
        if (known != null) {
            return known;
        }
        byte[] raw = tree(id);
        boolean found = false;
        if (raw != null) {
            MutableObjectId sub = new MutableObjectId();
            TreeEntries e = new TreeEntries(raw);
            while (!found && e.next()) {
                if (isTree(e.mode)) {
                    sub.fromRaw(raw, e.idAt);
                    found = selector.selectsFolder(raw, e.nameStart, e.nameEnd) || holdsSelected(sub);
                } else if (isBlob(e.mode)) {
                    found = selector.selectsFile(raw, e.nameStart, e.nameEnd);
                }
            }
        }
        hasSelected.put(id.copy(), found);
        return found;
    }

    private record Place(String prefix, ObjectId tree) {
    }

    /** The entries of a raw tree object ({@code <octal mode> <name>\0<20-byte id>}...), read in place. */
    private static final class TreeEntries {
        private final byte[] raw;
        private int p;
        int mode;
        int nameStart;
        int nameEnd;
        int idAt;

        TreeEntries(byte[] raw) {
            this.raw = raw;
        }

        boolean next() {
            if (p >= raw.length) {
                return false;
            }
            int m = 0;
            while (raw[p] != ' ') {
                m = (m << 3) + (raw[p++] - '0');
            }
            mode = m;
            nameStart = ++p;
            while (raw[p] != 0) {
                p++;
            }
            nameEnd = p++;
            idAt = p;
            p += Constants.OBJECT_ID_LENGTH;
            return true;
        }
    }

    private void visit(AnyObjectId treeId, String prefix, boolean inSelected, RevCommit commit) {
        if (!inSelected && !holdsSelected(treeId)) {
            return;
        }
        if (!visited.add(new Place(prefix, treeId.copy()))) {
            return; // this exact subtree at this exact place was recorded for an earlier commit
        }
        byte[] raw = tree(treeId);
        if (raw == null) {
            return;
        }
        MutableObjectId id = new MutableObjectId();
        TreeEntries e = new TreeEntries(raw);
        while (e.next()) {
            int nameStart = e.nameStart;
            int nameEnd = e.nameEnd;
            id.fromRaw(raw, e.idAt);
            if (isTree(e.mode)) {
                boolean selected = selector.selectsFolder(raw, nameStart, nameEnd);
                if (inSelected || selected || holdsSelected(id)) {
                    // Latin-1 keeps every byte of the name; the path becomes text for people at the end
                    String name = new String(raw, nameStart, nameEnd - nameStart, StandardCharsets.ISO_8859_1);
                    visit(id.copy(), prefix + name + "/", inSelected || selected, commit);
                }
            } else if (isBlob(e.mode) && (inSelected || selector.selectsFile(raw, nameStart, nameEnd))) {
                String path = prefix + new String(raw, nameStart, nameEnd - nameStart, StandardCharsets.ISO_8859_1);
                first.putIfAbsent(path, new Found(commit, id.copy()));
                blobs.add(id.copy());
            }
        }
    }
}
