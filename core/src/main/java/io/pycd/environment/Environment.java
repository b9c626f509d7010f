package io.pycd.environment;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What pycd reads from the process it runs in: a few environment variables, the working folder and the home folder.
 * Settings are resolved against one of these, so a request resolved elsewhere (the daemon runs in {@code /} with its
 * own environment) gives exactly what the calling shell would. An empty variable counts as unset, except
 * {@code SOURCE_DATE_EPOCH}, which py_compile tests for truth.
 *
 * @param workingDirectory the folder relative paths are taken from (absolute)
 * @param home             {@code user.home}: the default for the XDG folders and pyenv's root
 * @param path             {@code PATH} ("" when unset), searched for interpreters by name
 * @param sourceDateEpoch  {@code SOURCE_DATE_EPOCH}: set, caches are checked-hash by default (reproducible builds)
 * @param virtualEnv       {@code VIRTUAL_ENV}: the active virtualenv, a default target
 * @param pyenvRoot        {@code PYENV_ROOT}
 * @param pyenvVersion     {@code PYENV_VERSION}: part of a pyenv shim's identity
 * @param xdgCacheHome     {@code XDG_CACHE_HOME}: pycd's facts and remembered failures live under it
 * @param xdgConfigHome    {@code XDG_CONFIG_HOME}
 * @param xdgStateHome     {@code XDG_STATE_HOME}: the daemon's log
 * @param xdgRuntimeDir    {@code XDG_RUNTIME_DIR}: the daemon's socket
 * @param tmpdir           {@code TMPDIR}: the daemon's socket when there is no runtime folder
 * @param pycdStore        {@code PYCD_STORE}: the bytecode store's folder
 * @param pycdStoreMaxSize {@code PYCD_STORE_MAX_SIZE}: its size limit, as given (500M, 2G, bytes)
 * @param pycachePrefix    {@code PYTHONPYCACHEPREFIX}: where Python run here reads and writes caches, so the default
 *                         {@code --pycache-prefix}, as compileall takes it (relative to the working folder, as
 *                         CPython takes it)
 * @param dontWriteBytecode {@code PYTHONDONTWRITEBYTECODE} is set: pycd still writes (as compileall does), but the
 *                         programs run here write no caches of their own
 */
public record Environment(Path workingDirectory, Path home, String path, Optional<String> sourceDateEpoch,
                          Optional<Path> virtualEnv, Optional<Path> pyenvRoot, Optional<String> pyenvVersion,
                          Optional<Path> xdgCacheHome, Optional<Path> xdgConfigHome, Optional<Path> xdgStateHome,
                          Optional<Path> xdgRuntimeDir, Optional<Path> tmpdir, Optional<Path> pycdStore,
                          Optional<String> pycdStoreMaxSize, Optional<Path> pycachePrefix, boolean dontWriteBytecode) {

    public Environment {
        workingDirectory = workingDirectory.toAbsolutePath().normalize();
    }

    /** This process's environment, working folder and home. */
    public static Environment current() {
        return of(System.getenv(), Path.of("").toAbsolutePath(), Path.of(System.getProperty("user.home")));
    }

    /** The environment {@code variables} describe (any others are ignored), seen from {@code workingDirectory}. */
    public static Environment of(Map<String, String> variables, Path workingDirectory, Path home) {
        String epoch = variables.get("SOURCE_DATE_EPOCH");
        return new Environment(workingDirectory, home, variables.getOrDefault("PATH", ""),
                epoch == null || epoch.isEmpty() ? Optional.empty() : Optional.of(epoch),
                folder(variables, "VIRTUAL_ENV", workingDirectory), folder(variables, "PYENV_ROOT", workingDirectory),
                text(variables, "PYENV_VERSION"), folder(variables, "XDG_CACHE_HOME", workingDirectory),
                folder(variables, "XDG_CONFIG_HOME", workingDirectory), folder(variables, "XDG_STATE_HOME", workingDirectory),
                folder(variables, "XDG_RUNTIME_DIR", workingDirectory), folder(variables, "TMPDIR", workingDirectory),
                folder(variables, "PYCD_STORE", workingDirectory), text(variables, "PYCD_STORE_MAX_SIZE"),
                folder(variables, "PYTHONPYCACHEPREFIX", workingDirectory),
                // CPython's rule for every PYTHON* flag variable: set to a non-empty string.
                !variables.getOrDefault("PYTHONDONTWRITEBYTECODE", "").isEmpty());
    }

    /** {@code $XDG_CACHE_HOME/pycd}, else {@code ~/.cache/pycd}: pycd's own state, which can only cost time. */
    public Path cacheFolder() {
        return xdgCacheHome.orElse(home.resolve(".cache")).resolve("pycd");
    }

    /** {@code $XDG_STATE_HOME/pycd}, else {@code ~/.local/state/pycd}. */
    public Path stateFolder() {
        return xdgStateHome.orElse(home.resolve(".local").resolve("state")).resolve("pycd");
    }

    /** pyenv's root: {@code $PYENV_ROOT}, else {@code ~/.pyenv}. */
    public Path pyenvFolder() {
        return pyenvRoot.orElse(home.resolve(".pyenv"));
    }

    private static Optional<String> text(Map<String, String> variables, String name) {
        String value = variables.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    /** A folder variable, relative to {@code workingDirectory} when it is relative (as the shell would take it). */
    private static Optional<Path> folder(Map<String, String> variables, String name, Path workingDirectory) {
        Optional<String> value = text(variables, name);
        return value.isPresent() ? Optional.of(workingDirectory.toAbsolutePath().resolve(value.get())) : Optional.empty();
    }
}
