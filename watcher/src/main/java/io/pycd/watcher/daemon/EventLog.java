package io.pycd.watcher.daemon;

import io.pycd.watcher.events.WatchEvent;
import io.pycd.watcher.events.WatchListener;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The daemon has no terminal: its watchers' events go to its log (compiles at debug, the rest at info and up). */
final class EventLog implements WatchListener {

    private static final Logger LOG = LoggerFactory.getLogger("io.pycd.daemon.events");

    @Override
    public void on(WatchEvent event) {
        if (event instanceof WatchEvent.Compiled c) {
            LOG.debug("compiled {} -> {} ({} ms)", c.source(), c.cache(), Math.round(c.ms()));
        } else if (event instanceof WatchEvent.Error e) {
            LOG.info("error {}", e.failure().describe());
        } else if (event instanceof WatchEvent.Removed r) {
            LOG.info("removed {} ({})", r.cache(), r.reason());
        } else if (event instanceof WatchEvent.FolderRemoved f) {
            LOG.info("removed {} (held only caches)", f.folder());
        } else if (event instanceof WatchEvent.Rescan r) {
            LOG.info("rescan {} ({})", r.path(), r.why());
        } else if (event instanceof WatchEvent.Warning w) {
            LOG.warn("{}", w.message());
        } else if (event instanceof WatchEvent.Unwatchable u) {
            LOG.warn("{}", u.message());
        } else if (event instanceof WatchEvent.Unreadable u) {
            LOG.warn("{}", u.message());
        } else if (event instanceof WatchEvent.NotRemoved n) {
            LOG.info("error {}: {}", n.path(), n.why());
        } else if (event instanceof WatchEvent.InternalError i) {
            LOG.error("internal error {}", i.doing(), i.cause());
        } else if (event instanceof WatchEvent.Ready r) {
            LOG.info("watching {}: {} files in {} folders, ready in {} s", r.roots(), r.files(), r.folders(),
                    String.format(Locale.ROOT, "%.2f", r.seconds()));
        } else {
            throw new AssertionError("an event the daemon's log does not know: " + event);
        }
    }
}
