package io.pycd.watcher.daemon.protocol;

import java.io.IOException;

/** A line that is not a request or reply of this protocol. */
public final class ProtocolException extends IOException {
    public ProtocolException(String message) {
        super(message);
    }
}
