package io.pycd.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "pythons", mixinStandardHelpOptions = true)
final class PythonsCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UsageFailure("'pythons' is not built yet");
    }
}
