package io.pycd.audit.git;

import io.pycd.audit.CacheNaming;
import io.pycd.audit.HistoricCache;
import io.pycd.audit.Progress;
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
 * Every cache path ever committed on any branch, tag or remote branch: the earliest commit (by committer date)
 * whose tree holds it, the size of that blob, and the total size of every distinct cache blob in the history.
 *
 * <p>Cost is one parse per distinct tree object: whether a tree holds a cache anywhere below is worked out once
 * per tree id and remembered, so the many commits that share unchanged subtrees cost almost nothing, and trees
 * without caches are never entered again. Missing objects (partial or broken clones) and shallow boundaries are
 * counted and reported as warnings; the scan goes on with what exists.
 */
public final class HistoryScan {

    /**
     * What the scan found.
     *
     * @param caches     one entry per cache path, sorted by path
     * @param totalBytes the sum of the sizes of every distinct cache blob reachable, where known
     * @param commits    commits examined
     * @param warnings   why the answer may be incomplete
     */
    public record Result(List<HistoricCache> caches, long totalBytes, int commits, List<String> warnings) {
    }

    private final ObjectReader reader;
    private final Map<ObjectId, Boolean> hasCache = new HashMap<>();
    private final Set<Place> visited = new HashSet<>();
    private final Map<String, Found> first = new HashMap<>();
    private final Set<ObjectId> blobs = new HashSet<>();
    private int missing;

    private record Found(RevCommit commit, ObjectId blob) {
    }

    private HistoryScan(ObjectReader reader) {
        this.reader = reader;
    }

    public static Result scan(GitRepo repo, Progress progress) throws IOException {
        try (Repository r = new FileRepositoryBuilder().setGitDir(repo.gitDir().toFile()).setFS(FS.DETECTED)
                .setMustExist(true).build();
             ObjectReader reader = r.newObjectReader();
             RevWalk rw = new RevWalk(reader)) {
            rw.setRetainBody(false);
            List<String> warnings = new ArrayList<>();
            Set<ObjectId> shallow = r.getObjectDatabase().getShallowCommits();
            List<RevCommit> commits = topological(collect(r, rw, shallow, warnings), rw, shallow);
            HistoryScan s = new HistoryScan(reader);
            int done = 0;
            for (RevCommit c : commits) {
                s.visit(c.getTree(), "", false, c);
                if (++done % 1000 == 0) {
                    progress.step("history", done, commits.size());
                }
            }
            progress.step("history", commits.size(), commits.size());
            if (!shallow.isEmpty()) {
                warnings.add("shallow clone: history before " + shallow.size()
                        + " boundary commit(s) is missing; caches added there are reported at the boundary");
            }
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
            if (s.missing > 0) {
                warnings.add(s.missing + " tree object(s) missing from the repository: caches below them are not"
                        + " reported");
            }
            if (unknown > 0) {
                warnings.add(unknown + " cache blob(s) missing from the repository: their size is unknown");
            }
            List<HistoricCache> out = new ArrayList<>(s.first.size());
            for (var e : s.first.entrySet()) {
                Long size = sizes.get(e.getValue().blob);
                out.add(new HistoricCache(TrackedFiles.display(e.getKey().getBytes(StandardCharsets.ISO_8859_1)),
                        e.getValue().commit.name(), size == null || size < 0 ? null : size));
            }
            out.sort(Comparator.comparing(HistoricCache::path));
            return new Result(List.copyOf(out), total, commits.size(), List.copyOf(warnings));
        }
    }

    /** Every commit reachable from the refs pycd audits, parsed; missing ones are counted, not fatal. */
    private static List<RevCommit> collect(Repository r, RevWalk rw, Set<ObjectId> shallow, List<String> warnings)
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
        if (missing > 0) {
            warnings.add(missing + " commit(s) missing from the repository: history behind them is not checked");
        }
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

    /** Does this tree hold a cache anywhere below? Remembered per tree id. */
    private boolean holdsCache(AnyObjectId id) {
        Boolean known = hasCache.get(id);
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
                    found = isPycache(raw, e.nameStart, e.nameEnd) || holdsCache(sub);
                } else if (isBlob(e.mode)) {
                    found = isCacheName(raw, e.nameStart, e.nameEnd);
                }
            }
        }
        hasCache.put(id.copy(), found);
        return found;
    }

    private static boolean isPycache(byte[] raw, int from, int to) {
        if (to - from != PYCACHE.length) {
            return false;
        }
        for (int i = 0; i < PYCACHE.length; i++) {
            if (raw[from + i] != PYCACHE[i]) {
                return false;
            }
        }
        return true;
    }

    private static final byte[] PYCACHE = "__pycache__".getBytes(StandardCharsets.US_ASCII);

    /** A cheap byte test first (every cache name holds ".py"), the real rules only for candidates. */
    private static boolean isCacheName(byte[] raw, int from, int to) {
        for (int i = from; i + 2 < to; i++) {
            if (raw[i] == '.' && raw[i + 1] == 'p' && raw[i + 2] == 'y') {
                return CacheNaming.isCacheFileName(new String(raw, from, to - from, StandardCharsets.ISO_8859_1));
            }
            if (raw[i] == '$' && raw[i + 1] == 'p' && raw[i + 2] == 'y') {
                return CacheNaming.isCacheFileName(new String(raw, from, to - from, StandardCharsets.ISO_8859_1));
            }
        }
        return false;
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

    private void visit(AnyObjectId treeId, String prefix, boolean inPycache, RevCommit commit) {
        if (!inPycache && !holdsCache(treeId)) {
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
                boolean pycache = isPycache(raw, nameStart, nameEnd);
                if (inPycache || pycache || holdsCache(id)) {
                    // Latin-1 keeps every byte of the name; the path becomes text for people at the end
                    String name = new String(raw, nameStart, nameEnd - nameStart, StandardCharsets.ISO_8859_1);
                    visit(id.copy(), prefix + name + "/", inPycache || pycache, commit);
                }
            } else if (isBlob(e.mode) && (inPycache || isCacheName(raw, nameStart, nameEnd))) {
                String path = prefix + new String(raw, nameStart, nameEnd - nameStart, StandardCharsets.ISO_8859_1);
                first.putIfAbsent(path, new Found(commit, id.copy()));
                blobs.add(id.copy());
            }
        }
    }
}
