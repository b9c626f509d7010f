/** The watch engine: keeps caches right while sources change. */
package io.pycd.watcher;
