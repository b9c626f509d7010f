package io.pycd.watcher.daemon;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's end of the control socket: a Unix domain socket (mode 0600, in a 0700 folder) that reads one request
 * per line and writes one response per line; a connection may carry several requests. What requests mean is the
 * {@link Handler}'s business. Closing it waits for the answers being written: the daemon's process ends right after,
 * and a {@code stop} request's own answer is one of them.
 */
final class ControlServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);

    /** Answers one request line with one response line (no newline in either). */
    @FunctionalInterface
    interface Handler {
        String handle(String request);
    }

    private final Path socket;
    private final ServerSocketChannel server;
    private final Handler handler;
    private final Thread acceptor;
    private volatile boolean closed;
    /** Requests being answered (handled and written); guarded by {@code this}. */
    private int answering;

    /** How long closing waits for the answers in flight (a compile question can take a while). */
    static final Duration ANSWERS_IN_FLIGHT = Duration.ofSeconds(10);

    private ControlServer(Path socket, ServerSocketChannel server, Handler handler) {
        this.socket = socket;
        this.server = server;
        this.handler = handler;
        this.acceptor = new Thread(this::accept, "pycd-control");
        acceptor.setDaemon(true);
    }

    /** Binds {@code socket} (which must not exist) and serves on a background thread. */
    static ControlServer start(Path socket, Handler handler) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
        ControlServer s = new ControlServer(socket, server, handler);
        s.acceptor.start();
        return s;
    }

    public Path socket() {
        return socket;
    }

    private void accept() {
        while (!closed) {
            try {
                SocketChannel client = server.accept();
                Thread t = new Thread(() -> serve(client), "pycd-control-client");
                t.setDaemon(true);
                t.start();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("control socket: {}", e.toString());
                }
            }
        }
    }

    private void serve(SocketChannel client) {
        try (client;
             BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(client),
                     StandardCharsets.UTF_8));
             OutputStream out = Channels.newOutputStream(client)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                if (!startAnswering()) {
                    return; // closed: a request read after that is not answered, and the connection closes
                }
                try {
                    String response;
                    try {
                        response = handler.handle(line);
                    } catch (RuntimeException e) {
                        LOG.error("control request {} failed", line, e);
                        response = "{\"ok\":false,\"error\":\"internal error: " + e.toString().replace("\\", "\\\\")
                                .replace("\"", "\\\"") + "\"}";
                    }
                    out.write((response + "\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                } finally {
                    doneAnswering();
                }
            }
        } catch (IOException e) {
            LOG.debug("control client: {}", e.toString());
        }
    }

    private synchronized boolean startAnswering() {
        if (closed) {
            return false;
        }
        answering++;
        return true;
    }

    private synchronized void doneAnswering() {
        answering--;
        notifyAll();
    }

    /**
     * Stops accepting, removes the socket file, and waits (at most {@link #ANSWERS_IN_FLIGHT}) until every request
     * being answered has its answer written.
     */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        try {
            server.close();
        } catch (IOException e) {
            LOG.debug("closing the control socket: {}", e.toString());
        }
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            LOG.debug("removing {}: {}", socket, e.toString());
        }
        awaitAnswersInFlight();
    }

    private synchronized void awaitAnswersInFlight() {
        long deadline = System.nanoTime() + ANSWERS_IN_FLIGHT.toNanos();
        try {
            for (long left = ANSWERS_IN_FLIGHT.toMillis(); answering > 0 && left > 0;
                    left = (deadline - System.nanoTime()) / 1_000_000) {
                wait(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (answering > 0) {
            LOG.warn("control socket closed with {} request(s) still being answered after {} s", answering,
                    ANSWERS_IN_FLIGHT.toSeconds());
        }
    }
}
