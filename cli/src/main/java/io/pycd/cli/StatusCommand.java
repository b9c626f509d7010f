package io.pycd.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "status", mixinStandardHelpOptions = true)
final class StatusCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UsageFailure("'status' is not built yet");
    }
}
