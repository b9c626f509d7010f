package io.pycd.watcher.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The control socket's server on its own, with a handler the test holds. */
class ControlServerTest {

    static final Duration AT_MOST = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    static CompletableFuture<Optional<String>> ask(Path socket, String request) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return ControlSocket.request(socket, request);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * The daemon's process ends as soon as its server is closed, so an answer still being written when it closes
     * would be lost: {@code pycd daemon stop} saw its own stop request go unanswered ("the daemon closed the
     * connection without answering", exit 2) when the daemon stopped faster than the answer was written.
     */
    @Test
    void closingWaitsUntilTheAnswersInFlightAreWritten() throws Exception {
        Path socket = tmp.toRealPath().resolve("control");
        CountDownLatch handling = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ControlServer server = ControlServer.start(socket, request -> {
            handling.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "{\"answered\":\"" + request + "\"}";
        });
        CompletableFuture<Optional<String>> answer = ask(socket, "stop");
        assertThat(handling.await(AT_MOST.toSeconds(), TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> closed = CompletableFuture.runAsync(server::close);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> !closed.isDone());
        assertThat(socket).as("no new connections once closing").doesNotExist();
        release.countDown();
        closed.get(AT_MOST.toSeconds(), TimeUnit.SECONDS);
        assertThat(answer.get(AT_MOST.toSeconds(), TimeUnit.SECONDS)).contains("{\"answered\":\"stop\"}");
    }

    @Test
    void closingWithNothingInFlightReturnsAtOnceAndRemovesTheSocket() throws Exception {
        Path socket = tmp.toRealPath().resolve("control");
        ControlServer server = ControlServer.start(socket, request -> "{\"answered\":true}");
        assertThat(ask(socket, "ping").get(AT_MOST.toSeconds(), TimeUnit.SECONDS)).contains("{\"answered\":true}");
        CompletableFuture<Void> closed = CompletableFuture.runAsync(server::close);
        closed.get(AT_MOST.toSeconds(), TimeUnit.SECONDS);
        assertThat(socket).doesNotExist();
        assertThat(ask(socket, "ping").get(AT_MOST.toSeconds(), TimeUnit.SECONDS)).isEmpty();
    }
}
