package io.pycd.cli;

import io.pycd.settings.Request;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;

/** {@code --env ENV} and {@code --stdlib}: compile, status and clean an environment's own folders for its interpreter. */
final class EnvOptions {

    String env;
    boolean stdlib;

    /** Adds {@code --env} and {@code --stdlib} to {@code spec}. */
    void addTo(CommandSpec spec) {
        spec.addOption(Specs.option(String.class, this, "env", "--env").paramLabel("ENV")
                .description("Target this environment's interpreter and walk its site-packages (purelib and platlib "
                        + "of its sysconfig) and the source folders its .pth files name (editable installs). ENV: a "
                        + "virtualenv folder, a Python installation folder (/usr/local), or an interpreter "
                        + "(python3.12, a path). PATHs, if any, are walked too. Not with --python.").build());
        spec.addOption(Specs.flag(this, "stdlib", "--stdlib").description("With --env: also its standard library, "
                + "without its test suites (test, tests, idle_test) and what CPython's installer leaves out "
                + "(bad_coding*, badsyntax*).").build());
    }

    /** The {@code --env} of the request; {@code --stdlib} alone is a usage error. */
    Optional<Request.Env> env() {
        if (env == null) {
            if (stdlib) {
                throw new UsageFailure("--stdlib compiles an environment's standard library: name it with --env");
            }
            return Optional.empty();
        }
        return Optional.of(new Request.Env(env, stdlib));
    }
}
