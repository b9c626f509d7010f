package io.pycd.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "audit", mixinStandardHelpOptions = true, description = "Find caches committed to git and ignore files that let them in.")
final class AuditCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UsageFailure("'audit' is not built yet");
    }
}
