package io.pycd.watcher.daemon;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** The client end of the control socket: one request line, one response line. */
final class ControlSocket {

    private ControlSocket() {
    }

    /**
     * Sets up the JDK's Unix-domain sockets: their first use seeds a SecureRandom (security providers load), ~15-20
     * ms of a command's start that a caller can spend on another thread while it does other work.
     */
    static void warmUp() {
        try {
            SocketChannel.open(StandardProtocolFamily.UNIX).close(); // opening one is the set-up
        } catch (IOException | RuntimeException e) {
            // the real request says what is wrong
        }
    }

    /** Sends {@code request}; empty when nothing listens on {@code socket} (no daemon, or a stale socket). */
    static Optional<String> request(Path socket, String request) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            return exchange(ch, socket, request);
        }
    }

    /**
     * As {@link #request(Path, String)}, giving up after {@code timeout}: a daemon that hangs costs its caller no
     * more than that.
     *
     * @throws DaemonException ({@code GONE}) when no answer came in time
     */
    static Optional<String> request(Path socket, String request, Duration timeout) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            AtomicBoolean over = new AtomicBoolean();
            // a class, not a lambda: asking a daemon is a command's start, where each lambda is a call site to link
            CompletableFuture.delayedExecutor(timeout.toNanos(), TimeUnit.NANOSECONDS).execute(new Runnable() {
                @Override
                public void run() {
                    if (over.compareAndSet(false, true)) {
                        try {
                            ch.close(); // a read blocked on it returns at once
                        } catch (IOException e) {
                            // closed already
                        }
                    }
                }
            });
            try {
                return exchange(ch, socket, request);
            } catch (ClosedChannelException e) {
                throw new DaemonException(DaemonException.Kind.GONE, "the daemon did not answer within "
                        + timeout.toMillis() + " ms");
            } finally {
                over.set(true);
            }
        }
    }

    private static Optional<String> exchange(SocketChannel ch, Path socket, String request) throws IOException {
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
            throw new DaemonException(DaemonException.Kind.GONE, "the daemon closed the connection without answering");
        }
        return Optional.of(line);
    }
}
