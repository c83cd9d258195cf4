package io.eventqueue.runtime.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.eventqueue.runtime.Main;
import io.eventqueue.runtime.testing.Await;
import io.eventqueue.runtime.testing.TestRuntime;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM while a webhook receiver takes 20 s to answer: the runtime (a real child JVM) exits within
 * {@code shutdown.drain-timeout} plus {@link Main#SHUTDOWN_MARGIN}, abandoning the call in flight; the event stays
 * unacked in the journal and reaches the receiver after the restart.
 */
class BoundedShutdownProcessTest {
    private static final Duration DRAIN = Duration.ofSeconds(2);
    private static final Duration RECEIVER_DELAY = Duration.ofSeconds(20);
    /** Time for the JVM to notice the signal and for the OS to report the exit on a loaded machine. */
    private static final Duration SLACK = Duration.ofSeconds(2);
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final AtomicBoolean slow = new AtomicBoolean(true);
    private final CountDownLatch answerSlowCalls = new CountDownLatch(1);
    private HttpServer receiver;

    @AfterEach
    void stopReceiver() {
        answerSlowCalls.countDown();
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    @Test
    void sigtermExitsWithinTheDrainTimeoutPlusMarginWhileAWebhookHangsAndTheEventIsDeliveredAfterRestart()
            throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        receiver.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            received.add(exchange.getRequestHeaders().getFirst("ce-id"));
            if (slow.get()) {
                try {
                    answerSlowCalls.await(RECEIVER_DELAY.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        List<String> args = List.of("--data-dir=" + dir.resolve("data"), "--durability=journal",
                "--shutdown.drain-timeout=" + DRAIN.toSeconds() + "s", "--sinks.webhook.enabled=true",
                "--sinks.webhook.timeout=30s", "--sinks.webhook.url=http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");

        long exitNanos;
        try (RuntimeProcess first = RuntimeProcess.start(dir, "first", args)) {
            HttpResponse<String> accepted = postLog(first.api, "slow-1");
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            Await.until(WAIT, "the webhook call in flight", () -> received.contains("slow-1"));

            long signalled = System.nanoTime();
            first.process.destroy();
            assertThat(first.process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as("exited").isTrue();
            exitNanos = System.nanoTime() - signalled;
            assertThat(first.log()).contains("events in flight or waiting for a delivery retry at shutdown; "
                    + "the journal log delivers them after restart")
                    .as("closing the sinks abandoned the call; the deadline backstop was not needed")
                    .doesNotContain("shutdown did not finish");
            assertThat(first.process.exitValue()).isZero();
        }
        Duration bound = DRAIN.plus(Main.SHUTDOWN_MARGIN).plus(SLACK);
        assertThat(Duration.ofNanos(exitNanos)).as("SIGTERM to exit").isLessThan(bound);

        slow.set(false);
        try (RuntimeProcess second = RuntimeProcess.start(dir, "second", args)) {
            Await.until(WAIT, "redelivery after restart",
                    () -> received.stream().filter("slow-1"::equals).count() == 2);
            assertThat(second.terminate(WAIT)).isZero();
        }
    }

    private HttpResponse<String> postLog(String api, String id) throws Exception {
        HttpRequest tokenRequest = HttpRequest.newBuilder(URI.create(api + "/v1/tokens"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        ("admin:" + TestRuntime.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        String token = TestRuntime.JSON.readTree(http.send(tokenRequest, HttpResponse.BodyHandlers.ofString()).body())
                .at("/result/token").asText();
        HttpRequest post = HttpRequest.newBuilder(URI.create(api + "/v1/events"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"event\":{\"event_type\":\"log\",\"event_id\":\"" + id
                        + "\",\"level\":\"info\",\"message\":\"m\"}}"))
                .build();
        return http.send(post, HttpResponse.BodyHandlers.ofString());
    }
}
