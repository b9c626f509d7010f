package io.pycd.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "clean", mixinStandardHelpOptions = true, description = "Prune dead bytecode caches, keep fresh ones.")
final class CleanCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UsageFailure("'clean' is not built yet");
    }
}
