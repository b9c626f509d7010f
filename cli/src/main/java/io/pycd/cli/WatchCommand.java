package io.pycd.cli;

import io.pycd.settings.Resolved;
import io.pycd.watcher.WatchSettings;
import io.pycd.watcher.Watcher;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Model.CommandSpec;

final class WatchCommand implements Callable<Integer> {

    final List<Path> paths = new ArrayList<>();
    final WatchOptions watch = new WatchOptions();
    final TargetOptions target = new TargetOptions();
    final OutputOptions output = new OutputOptions();

    /** The command's model: its help and options, in the order --help lists them. */
    CommandSpec spec() {
        CommandSpec spec = Specs.command("watch", this);
        spec.usageMessage()
                .description("Reconcile, then keep every cache right while files change.",
                        "Every root is reconciled first (stale and missing caches compiled, caches of vanished sources "
                                + "removed), then watched: each saved file is compiled once it has been quiet for "
                                + "--settle ms, caches of deleted or renamed sources are removed. Ctrl-C or SIGTERM "
                                + "stops it.")
                .footerHeading("%nExit codes:%n")
                .footer("  0  stopped by SIGINT/SIGTERM after finishing the writes in flight",
                        "  2  usage or configuration error: bad flag, no interpreter, PATH not a folder, bad "
                                + "pyproject.toml");
        spec.addPositional(Specs.paths(paths,
                "Folders to watch. Default: the current folder.").build());
        watch.addTo(spec);
        target.addTo(spec);
        output.addTo(spec);
        return Specs.standardHelp(spec);
    }

    @Override
    public Integer call() {
        Resolved setup = target.resolve(paths, Optional.of(watch.request()));
        WatchSettings ws = WatchSettings.of(setup.watch().orElseThrow());
        WatchOptions.checkRoots(setup.roots(), "watch");
        Terminal term = Terminal.system();
        CountDownLatch stop = new CountDownLatch(1);
        Signals.onTermOrInt(stop::countDown);
        WatchPrinter printer = new WatchPrinter(term, output);
        Watcher watcher = new Watcher(setup.compile(), setup.walk().rules(), setup.walk().maxDepth(), ws, printer);
        Thread hook = new Thread(watcher::close, "pycd-watch-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            watcher.add(setup.roots());
            stop.await();
        } catch (IOException e) {
            throw WalkOutput.unusablePath(e, "watch");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            watcher.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down
            }
        }
        return ExitCodes.OK;
    }
}
