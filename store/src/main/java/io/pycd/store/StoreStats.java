package io.pycd.store;

import java.nio.file.Path;

/**
 * The store at a glance, for {@code pycd store}.
 *
 * @param folder   where it is
 * @param entries  entries in it (counted)
 * @param bytes    their total size (counted)
 * @param maxBytes the size limit
 * @param hits     lookups that found their entry, since the store was created or cleared
 * @param misses   lookups that did not
 */
public record StoreStats(Path folder, long entries, long bytes, long maxBytes, long hits, long misses) {
}
