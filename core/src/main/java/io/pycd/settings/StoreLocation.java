package io.pycd.settings;

import io.pycd.config.ByteSize;
import io.pycd.config.ProjectConfig;
import io.pycd.environment.Environment;
import java.nio.file.Path;

/**
 * Where the bytecode store is and how large it may grow: the folder is {@code $PYCD_STORE}, else
 * {@code $XDG_CACHE_HOME/pycd/store} (default {@code ~/.cache/pycd/store}); the limit is {@code PYCD_STORE_MAX_SIZE},
 * else {@code [tool.pycd] store-max-size}, else 1 GiB. The user's environment wins over a project's file because the
 * store is the user's, shared by every project.
 *
 * @param folder   the store's folder
 * @param maxBytes its size limit
 */
public record StoreLocation(Path folder, long maxBytes) {

    /** The default size limit: 1 GiB. */
    public static final long DEFAULT_MAX_BYTES = 1L << 30;

    /** The store {@code environment} and {@code config} name; a malformed {@code PYCD_STORE_MAX_SIZE} says so. */
    public static StoreLocation of(Environment environment, ProjectConfig config) throws SettingsException {
        Path folder = environment.pycdStore().orElse(environment.cacheFolder().resolve("store"));
        long maxBytes;
        if (environment.pycdStoreMaxSize().isPresent()) {
            try {
                maxBytes = ByteSize.parse(environment.pycdStoreMaxSize().get());
            } catch (IllegalArgumentException e) {
                throw new SettingsException("PYCD_STORE_MAX_SIZE: " + e.getMessage());
            }
        } else {
            maxBytes = config.storeMaxSize().orElse(DEFAULT_MAX_BYTES);
        }
        return new StoreLocation(folder, maxBytes);
    }
}
