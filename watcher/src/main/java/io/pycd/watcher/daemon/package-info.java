/**
 * The daemon as a library: {@link io.pycd.watcher.daemon.Daemon} (the lock, pid file, control socket, registry of
 * watched roots and the roots it remembers), {@link io.pycd.watcher.daemon.DaemonClient} (requests and the life
 * cycle: start detached, wait until it answers, stop and wait, stale clean-up), and where one user's daemon keeps
 * its files ({@link io.pycd.watcher.daemon.DaemonPaths}). The protocol is in {@code protocol}.
 */
package io.pycd.watcher.daemon;
