package io.pycd.cleaner;

import io.pycd.fs.IoErrors;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Executes a plan: files and trees first, on a few threads (unlink is a system call each; threads overlap them),
 * then the {@code __pycache__} folders they emptied. Every path is lstat'ed again right before it goes: the tree
 * can change between planning and removal, and only the file that was judged is removed.
 */
final class Remover {

    private sealed interface Outcome permits Gone, Passed, Failed {
    }

    private record Gone() implements Outcome {
    }

    private record Passed(String reason) implements Outcome {
    }

    private record Failed(List<CleanError> errors) implements Outcome {
    }

    private static final Outcome GONE = new Gone();

    private final int threads;

    Remover(int threads) {
        this.threads = threads;
    }

    /** The removals of one folder, done together through one open handle on it; then the folder, if emptied. */
    private static final class Unit {
        final Path folder;
        final List<Integer> files = new ArrayList<>();
        Integer emptied;
        Integer tree;

        Unit(Path folder) {
            this.folder = folder;
        }
    }

    CleanResult execute(CleanPlan plan) {
        List<Removal> removals = plan.removals();
        Outcome[] outcomes = new Outcome[removals.size()];
        Map<Path, Unit> byFolder = new LinkedHashMap<>();
        List<Unit> units = new ArrayList<>();
        for (int i = 0; i < removals.size(); i++) {
            Removal r = removals.get(i);
            switch (r.kind()) {
                case FILE -> unit(byFolder, units, r.path().getParent()).files.add(i);
                case EMPTY_FOLDER -> unit(byFolder, units, r.path()).emptied = i;
                case TREE -> {
                    Unit u = new Unit(r.path());
                    u.tree = i;
                    units.add(u);
                }
                default -> throw new IllegalStateException(r.kind().toString());
            }
        }
        runAll(units, removals, outcomes);

        List<Removal> removed = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>(plan.skipped());
        List<CleanError> errors = new ArrayList<>(plan.errors());
        for (int i = 0; i < outcomes.length; i++) {
            Outcome o = outcomes[i];
            if (o instanceof Gone) {
                removed.add(removals.get(i));
            } else if (o instanceof Passed p) {
                skipped.add(new Skipped(removals.get(i).path(), p.reason()));
            } else if (o instanceof Failed f) {
                errors.addAll(f.errors());
            }
        }
        return new CleanResult(removed, plan.keptSourceless(), skipped, errors, plan.kept(), plan.keepSet(), false);
    }

    /**
     * What executing {@code plan} would report, as far as {@link Removability} foresees it, with nothing touched:
     * a removal it refuses is the error the real run reports for it (which checks the same way before removing),
     * and an {@code empty-dir} folder whose files would not all go is not removed, as in the real run.
     */
    static CleanResult foresee(CleanPlan plan) {
        Map<Path, Removability> folders = new HashMap<>();
        Set<Path> keptBack = new HashSet<>();
        List<Removal> removed = new ArrayList<>();
        List<CleanError> errors = new ArrayList<>(plan.errors());
        for (Removal r : plan.removals()) {
            Path parent = r.path().getParent() == null ? Path.of("") : r.path().getParent();
            if (r.kind() == Removal.Kind.EMPTY_FOLDER && keptBack.contains(r.path())) {
                continue;
            }
            Optional<String> refused = folders.computeIfAbsent(parent, Removability::of).refusal(r.path());
            if (refused.isPresent()) {
                errors.addAll(((Failed) failed(r.path(), refused.get())).errors());
                keptBack.add(parent);
            } else {
                removed.add(r);
            }
        }
        return new CleanResult(removed, plan.keptSourceless(), plan.skipped(), errors, plan.kept(), plan.keepSet(),
                true);
    }

    private static Unit unit(Map<Path, Unit> byFolder, List<Unit> units, Path folder) {
        Path key = folder == null ? Path.of("") : folder;
        return byFolder.computeIfAbsent(key, k -> {
            Unit u = new Unit(k);
            units.add(u);
            return u;
        });
    }

    private void runAll(List<Unit> units, List<Removal> removals, Outcome[] outcomes) {
        AtomicInteger next = new AtomicInteger();
        Runnable work = () -> {
            for (int k = next.getAndIncrement(); k < units.size(); k = next.getAndIncrement()) {
                run(units.get(k), removals, outcomes);
            }
        };
        int n = Math.min(threads, (units.size() + 7) / 8);
        List<Thread> started = new ArrayList<>();
        for (int t = 1; t < n; t++) {
            Thread thread = new Thread(work, "pycd-clean-" + t);
            thread.setDaemon(true);
            thread.start();
            started.add(thread);
        }
        work.run();
        for (Thread thread : started) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while removing", e);
            }
        }
    }

    private static void run(Unit u, List<Removal> removals, Outcome[] outcomes) {
        if (u.tree != null) {
            outcomes[u.tree] = remove(removals.get(u.tree));
            return;
        }
        if (!u.files.isEmpty()) {
            removeFiles(u, removals, outcomes);
        }
        if (u.emptied != null) {
            boolean allGone = u.files.stream().allMatch(i -> outcomes[i] instanceof Gone);
            // When a file in it stayed the folder is not empty, and that file's outcome says why.
            outcomes[u.emptied] = allGone ? remove(removals.get(u.emptied)) : null;
        }
    }

    /**
     * Removes a folder's planned files through one handle on the folder (fstatat and unlinkat on Linux): no path
     * is walked again per file, and a folder swapped for a symlink after planning is not entered.
     */
    private static void removeFiles(Unit u, List<Removal> removals, Outcome[] outcomes) {
        Removability folder = Removability.of(u.folder);
        List<Integer> removable = new ArrayList<>();
        for (int i : u.files) {
            Optional<String> refused = folder.refusal(removals.get(i).path());
            if (refused.isPresent()) {
                outcomes[i] = failed(removals.get(i).path(), refused.get());
            } else {
                removable.add(i);
            }
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(u.folder)) {
            if (stream instanceof SecureDirectoryStream<Path> secure
                    && Files.isDirectory(u.folder, LinkOption.NOFOLLOW_LINKS)) {
                for (int i : removable) {
                    outcomes[i] = removeIn(secure, removals.get(i));
                }
                return;
            }
        } catch (NoSuchFileException e) {
            for (int i : removable) {
                outcomes[i] = new Passed("gone before removal");
            }
            return;
        } catch (IOException | RuntimeException e) {
            // fall back to one path at a time, which reports each file's own error
        }
        for (int i : removable) {
            outcomes[i] = remove(removals.get(i));
        }
    }

    private static Outcome removeIn(SecureDirectoryStream<Path> folder, Removal r) {
        Path name = r.path().getFileName();
        try {
            BasicFileAttributes now = folder.getFileAttributeView(name, BasicFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS).readAttributes();
            Outcome refused = refuseFile(r, now);
            if (refused != null) {
                return refused;
            }
            folder.deleteFile(name);
            return GONE;
        } catch (NoSuchFileException e) {
            return new Passed("gone before removal");
        } catch (IOException e) {
            return failed(r.path(), IoErrors.describe(e));
        }
    }

    /** Why a planned file must stay after all (it changed since it was judged), or null to remove it. */
    private static Outcome refuseFile(Removal r, BasicFileAttributes now) {
        if (!now.isRegularFile()) {
            return new Passed("changed since planned: no longer a regular file");
        }
        Removal.Stamp s = r.stamp();
        if (s != null && (now.size() != s.size() || !now.lastModifiedTime().equals(s.mtime())
                || !Objects.equals(now.fileKey(), s.key()))) {
            return new Passed("changed since planned: left alone");
        }
        return null;
    }

    static Outcome remove(Removal r) {
        Path path = r.path();
        Optional<String> denied = Removability.of(path.getParent()).refusal(path);
        if (denied.isPresent()) {
            return failed(path, denied.get());
        }
        BasicFileAttributes now;
        try {
            now = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return new Passed("gone before removal");
        } catch (IOException e) {
            return failed(path, IoErrors.describe(e));
        }
        try {
            switch (r.kind()) {
                case FILE -> {
                    Outcome refused = refuseFile(r, now);
                    if (refused != null) {
                        return refused;
                    }
                    Files.delete(path);
                    return GONE;
                }
                case EMPTY_FOLDER -> {
                    if (!now.isDirectory()) {
                        return new Passed("changed since planned: no longer a folder");
                    }
                    try {
                        Files.delete(path);
                    } catch (DirectoryNotEmptyException e) {
                        return new Passed("no longer empty: left alone");
                    }
                    return GONE;
                }
                case TREE -> {
                    if (!now.isDirectory()) {
                        return new Passed("changed since planned: no longer a folder");
                    }
                    List<CleanError> errors = deleteTree(path);
                    return errors.isEmpty() ? GONE : new Failed(errors);
                }
                default -> throw new IllegalStateException(r.kind().toString());
            }
        } catch (NoSuchFileException e) {
            return new Passed("gone before removal");
        } catch (IOException e) {
            return failed(path, IoErrors.describe(e));
        }
    }

    private static Outcome failed(Path path, String message) {
        return new Failed(List.of(new CleanError(path, "cannot remove: " + message)));
    }

    /** Removes a folder and everything in it; links inside are unlinked, never followed. */
    private static List<CleanError> deleteTree(Path root) throws IOException {
        List<CleanError> errors = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                try {
                    Files.delete(file);
                } catch (NoSuchFileException gone) {
                    // already gone: fine
                } catch (IOException e) {
                    errors.add(new CleanError(file, "cannot remove: " + IoErrors.describe(e)));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                if (!(e instanceof NoSuchFileException)) {
                    errors.add(new CleanError(file, "cannot read: " + IoErrors.describe(e)));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) {
                if (e != null && !(e instanceof NoSuchFileException)) {
                    errors.add(new CleanError(dir, "cannot read folder: " + IoErrors.describe(e)));
                    return FileVisitResult.CONTINUE;
                }
                try {
                    Files.delete(dir);
                } catch (NoSuchFileException gone) {
                    // already gone
                } catch (IOException x) {
                    if (errors.isEmpty()) {
                        errors.add(new CleanError(dir, "cannot remove: " + IoErrors.describe(x)));
                    }
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return errors;
    }
}
