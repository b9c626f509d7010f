package io.pycd.watcher.daemon;

import java.io.IOException;

/** The daemon refused a request, did not come up, or did not go away; the message says which and why. */
public final class DaemonException extends IOException {

    /** What went wrong. */
    public enum Kind {
        /** It answered with a failure (a root it cannot watch, settings it cannot use). */
        REFUSED,
        /** A daemon started for this request exited or never answered. */
        DID_NOT_START,
        /** It stopped answering in the middle of a request, or did not exit when asked to stop. */
        GONE
    }

    private final Kind kind;

    public DaemonException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
