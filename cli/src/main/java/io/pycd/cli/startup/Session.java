package io.pycd.cli.startup;

import io.pycd.cli.ExitCodes;
import io.pycd.startup.FixReport;
import io.pycd.startup.RunOutcome;
import java.util.List;
import java.util.Optional;

/**
 * Everything one {@code pycd startup} did, for the reports: the first run (which was observed, or there would be no
 * report), and with {@code --fix} the fix and the run after it.
 *
 * @param command the command, as given
 * @param before  the first run
 * @param fix     what {@code --fix} compiled
 * @param after   the run after the fix
 */
public record Session(List<String> command, RunOutcome.Observed before, Optional<FixReport> fix,
                      Optional<RunOutcome> after) {

    public Session {
        command = List.copyOf(command);
    }

    /** The exit code of the command's last run: what {@code pycd startup} exits with. */
    public int lastExitCode() {
        return after.map(Session::exitCode).orElse(before.exitCode());
    }

    private static int exitCode(RunOutcome run) {
        if (run instanceof RunOutcome.Observed o) {
            return o.exitCode();
        }
        if (run instanceof RunOutcome.Unobserved u) {
            return u.exitCode();
        }
        return ExitCodes.USAGE;  // it started the first time and could not the second: pycd's own trouble
    }
}
