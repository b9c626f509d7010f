package io.pycd.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "watch", mixinStandardHelpOptions = true, description = "Reconcile, then keep every cache right while files change.")
final class WatchCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UsageFailure("'watch' is not built yet");
    }
}
