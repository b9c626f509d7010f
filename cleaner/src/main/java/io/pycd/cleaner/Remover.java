package io.pycd.cleaner;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
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

    CleanResult execute(CleanPlan plan) {
        List<Removal> removals = plan.removals();
        Outcome[] outcomes = new Outcome[removals.size()];
        List<Integer> first = new ArrayList<>();
        List<Integer> folders = new ArrayList<>();
        for (int i = 0; i < removals.size(); i++) {
            (removals.get(i).kind() == Removal.Kind.EMPTY_FOLDER ? folders : first).add(i);
        }
        runAll(first, removals, outcomes);
        Set<Path> notEmptied = new HashSet<>();
        for (int i : first) {
            if (!(outcomes[i] instanceof Gone) && removals.get(i).path().getParent() != null) {
                notEmptied.add(removals.get(i).path().getParent());
            }
        }
        List<Integer> emptied = new ArrayList<>();
        for (int i : folders) {
            if (notEmptied.contains(removals.get(i).path())) {
                outcomes[i] = null; // a file in it stayed: it is not empty, and that file says why
            } else {
                emptied.add(i);
            }
        }
        runAll(emptied, removals, outcomes);

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

    private void runAll(List<Integer> indexes, List<Removal> removals, Outcome[] outcomes) {
        if (indexes.isEmpty()) {
            return;
        }
        AtomicInteger next = new AtomicInteger();
        Runnable work = () -> {
            for (int k = next.getAndIncrement(); k < indexes.size(); k = next.getAndIncrement()) {
                int i = indexes.get(k);
                outcomes[i] = remove(removals.get(i));
            }
        };
        int n = Math.min(threads, (indexes.size() + 63) / 64);
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

    static Outcome remove(Removal r) {
        Path path = r.path();
        BasicFileAttributes now;
        try {
            now = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return new Passed("gone before removal");
        } catch (IOException e) {
            return failed(path, TreeScan.describe(e));
        }
        try {
            switch (r.kind()) {
                case FILE -> {
                    if (!now.isRegularFile()) {
                        return new Passed("changed since planned: no longer a regular file");
                    }
                    Removal.Stamp s = r.stamp();
                    if (s != null && (now.size() != s.size() || now.lastModifiedTime().toMillis() != s.mtimeMillis()
                            || !Objects.equals(now.fileKey(), s.key()))) {
                        return new Passed("changed since planned: left alone");
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
            return failed(path, TreeScan.describe(e));
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
                    errors.add(new CleanError(file, "cannot remove: " + TreeScan.describe(e)));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                if (!(e instanceof NoSuchFileException)) {
                    errors.add(new CleanError(file, "cannot read: " + TreeScan.describe(e)));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) {
                if (e != null && !(e instanceof NoSuchFileException)) {
                    errors.add(new CleanError(dir, "cannot read folder: " + TreeScan.describe(e)));
                    return FileVisitResult.CONTINUE;
                }
                try {
                    Files.delete(dir);
                } catch (NoSuchFileException gone) {
                    // already gone
                } catch (IOException x) {
                    if (errors.isEmpty()) {
                        errors.add(new CleanError(dir, "cannot remove: " + TreeScan.describe(x)));
                    }
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return errors;
    }
}
