package io.pycd.watcher.daemon;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/** The client end of the control socket: one request line, one response line. */
final class ControlSocket {

    private ControlSocket() {
    }

    /** Sends {@code request}; empty when nothing listens on {@code socket} (no daemon, or a stale socket). */
    static Optional<String> request(Path socket, String request) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            try {
                ch.connect(UnixDomainSocketAddress.of(socket));
            } catch (SocketException | NoSuchFileException e) {
                return Optional.empty();
            }
            ByteBuffer out = ByteBuffer.wrap((request + "\n").getBytes(StandardCharsets.UTF_8));
            while (out.hasRemaining()) {
                ch.write(out);
            }
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch),
                    StandardCharsets.UTF_8));
            String line = in.readLine();
            if (line == null) {
                throw new DaemonException(DaemonException.Kind.GONE,
                        "the daemon closed the connection without answering");
            }
            return Optional.of(line);
        }
    }
}
