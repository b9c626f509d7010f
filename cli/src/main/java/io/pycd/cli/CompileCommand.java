package io.pycd.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "compile", mixinStandardHelpOptions = true)
final class CompileCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UsageFailure("'compile' is not built yet");
    }
}
