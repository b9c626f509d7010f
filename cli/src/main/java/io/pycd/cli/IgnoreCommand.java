package io.pycd.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "ignore", mixinStandardHelpOptions = true, description = "Show or add pycd's ignore-file templates.")
final class IgnoreCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UsageFailure("'ignore' is not built yet");
    }
}
