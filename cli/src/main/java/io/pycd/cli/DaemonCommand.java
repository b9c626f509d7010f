package io.pycd.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "daemon", mixinStandardHelpOptions = true, description = "Run pycd watch in the background and control it.")
final class DaemonCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UsageFailure("'daemon' is not built yet");
    }
}
