/**
 * The daemon's control protocol: the requests ({@link io.pycd.watcher.daemon.protocol.Request}), the replies
 * ({@link io.pycd.watcher.daemon.protocol.Reply}), and the one codec that turns both into JSON lines and back
 * ({@link io.pycd.watcher.daemon.protocol.Codec}).
 */
package io.pycd.watcher.daemon.protocol;
