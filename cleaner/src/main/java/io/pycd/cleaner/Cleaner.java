package io.pycd.cleaner;

import io.pycd.interpreter.InUse;
import io.pycd.venv.Virtualenv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code pycd clean} as a library: {@link #plan} walks once and decides every removal without touching anything;
 * {@link #execute} removes what a plan lists (re-checking each path first) and returns what went. A dry run
 * ({@link #dryRun}) reports the plan itself, so it lists exactly what a real run removes, less the removals that
 * the check a real run makes before removing (write permission on the folder, a sticky folder) already refuses,
 * which it reports as the real run's errors.
 */
public final class Cleaner {

    private final CleanOptions options;

    public Cleaner(CleanOptions options) {
        this.options = options;
    }

    /**
     * Decides what to remove under {@code roots} (folders). Changes nothing.
     *
     * @throws NoSuchFileException   when a root does not exist
     * @throws NotDirectoryException when a root is not a folder
     */
    public CleanPlan plan(List<Path> roots) throws IOException {
        TreeScan scan = new TreeScan(options);
        for (Path root : distinctRoots(roots, scan)) {
            scan.scanRoot(root);
        }
        InUse keep = options.mode() == CleanMode.PRUNE ? keepSet(scan) : InUse.none();
        Judge judge = new Judge(options, keep);
        List<TreeScan.Folder> folders = scan.folders;
        List<Judge.FolderPlan> plans = (folders.size() > 64 ? folders.parallelStream() : folders.stream())
                .map(judge::plan).toList();
        List<Removal> removals = new ArrayList<>();
        List<Path> sourceless = new ArrayList<>();
        List<CleanError> errors = new ArrayList<>(scan.errors);
        long kept = 0;
        for (Judge.FolderPlan p : plans) {
            removals.addAll(p.removals);
            sourceless.addAll(p.sourceless);
            errors.addAll(p.errors);
            kept += p.kept;
        }
        return new CleanPlan(removals, sourceless, scan.skipped, errors, kept, keep);
    }

    /** Removes what {@code plan} lists, on {@link CleanOptions#threads()} threads; reports in plan order. */
    public CleanResult execute(CleanPlan plan) {
        return new Remover(options.threads()).execute(plan);
    }

    /**
     * What {@link #execute} would report for {@code plan}, changing nothing. Failures it cannot foresee (a file made
     * immutable, the tree changing before a real run) are not in it.
     */
    public CleanResult dryRun(CleanPlan plan) {
        return Remover.foresee(plan);
    }

    /** Plans and executes, or plans and reports the dry run when {@code dryRun}. */
    public CleanResult run(List<Path> roots, boolean dryRun) throws IOException {
        CleanPlan plan = plan(roots);
        return dryRun ? dryRun(plan) : execute(plan);
    }

    /** Roots that exist, as given, without a root that lies inside another (it would be planned twice). */
    private static List<Path> distinctRoots(List<Path> roots, TreeScan scan) throws IOException {
        List<Path> out = new ArrayList<>();
        List<Path> absolute = new ArrayList<>();
        for (Path root : roots) {
            if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
                throw new NoSuchFileException(root.toString(), null, "no such file or folder");
            }
            if (Files.isSymbolicLink(root)) {
                scan.skipped.add(new Skipped(root, TreeScan.linkReason(root) + " (give the real path)"));
                continue;
            }
            if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
                throw new NotDirectoryException(root.toString());
            }
            Path abs = root.toAbsolutePath().normalize();
            if (absolute.stream().anyMatch(abs::startsWith)) {
                continue;
            }
            for (int i = absolute.size() - 1; i >= 0; i--) {
                if (absolute.get(i).startsWith(abs)) {
                    absolute.remove(i);
                    out.remove(i);
                }
            }
            absolute.add(abs);
            out.add(root);
        }
        return out;
    }

    /** The versions in use, with those of the virtualenvs the scan found in the tree. */
    private InUse keepSet(TreeScan scan) {
        InUse keep = options.inUse();
        for (Virtualenv v : scan.venvs) {
            keep = keep.plusVirtualenv(InUse.Reason.VIRTUALENV, v);
        }
        return keep;
    }
}
