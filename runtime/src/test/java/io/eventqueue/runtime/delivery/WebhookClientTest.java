package io.eventqueue.runtime.delivery;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebhookClientTest {

    record Received(Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }
    }

    private HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private URI start(Function<HttpExchange, Integer> handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(new Received(Map.copyOf(exchange.getRequestHeaders()), body));
            int status = handler.apply(exchange);
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static CloudEvent event() {
        return CloudEventBuilder.v1().withId("evt-1").withSource(URI.create("/eventqueue/test")).withType("log")
                .withTime(OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC))
                .withDataContentType("application/json").withData("{\"message\":\"hi\"}".getBytes(UTF_8)).build();
    }

    private static WebhookClient client(URI url, WebhookOptions.Mode mode, String secret, Duration timeout, int concurrency) {
        return new WebhookClient(new WebhookOptions(url, timeout, mode,
                Optional.ofNullable(secret).map(s -> s.getBytes(UTF_8)), concurrency, false, false),
                new AddressGuard(List.of(), Set.of()), Clock.systemUTC());
    }

    @Test
    void binaryModeSendsCeHeadersAndTheDataAsBody() throws IOException {
        URI url = start(x -> 204);
        try (WebhookClient client = client(url, WebhookOptions.Mode.BINARY, null, Duration.ofSeconds(5), 2)) {
            assertThat(client.send(event(), 1)).isEqualTo(DeliveryOutcome.DELIVERED);
        }
        Received r = received.getFirst();
        assertThat(r.header("ce-id")).isEqualTo("evt-1");
        assertThat(r.header("ce-type")).isEqualTo("log");
        assertThat(r.header("ce-source")).isEqualTo("/eventqueue/test");
        assertThat(r.header("ce-specversion")).isEqualTo("1.0");
        assertThat(r.header("content-type")).isEqualTo("application/json");
        assertThat(r.header(WebhookClient.ATTEMPT_HEADER)).isEqualTo("1");
        assertThat(r.header(WebhookClient.SIGNATURE_HEADER)).isNull();
        assertThat(new String(r.body(), UTF_8)).isEqualTo("{\"message\":\"hi\"}");
    }

    @Test
    void structuredModeSendsACloudEventsJsonDocument() throws IOException {
        URI url = start(x -> 200);
        try (WebhookClient client = client(url, WebhookOptions.Mode.STRUCTURED, null, Duration.ofSeconds(5), 2)) {
            assertThat(client.send(event(), 1)).isEqualTo(DeliveryOutcome.DELIVERED);
        }
        Received r = received.getFirst();
        assertThat(r.header("content-type")).startsWith("application/cloudevents+json");
        String body = new String(r.body(), UTF_8);
        assertThat(body).contains("\"id\":\"evt-1\"", "\"type\":\"log\"", "\"data\":{\"message\":\"hi\"}");
    }

    @Test
    void signatureHeaderIsTheHmacOfTheExactBody() throws IOException {
        URI url = start(x -> 200);
        try (WebhookClient client = client(url, WebhookOptions.Mode.STRUCTURED, "s3cret-s3cret", Duration.ofSeconds(5), 2)) {
            client.send(event(), 2);
        }
        Received r = received.getFirst();
        assertThat(r.header(WebhookClient.SIGNATURE_HEADER))
                .isEqualTo("sha256=" + WebhookClient.hmacHex("s3cret-s3cret".getBytes(UTF_8), r.body()));
        assertThat(r.header(WebhookClient.ATTEMPT_HEADER)).isEqualTo("2");
    }

    @Test
    void serverErrorsAndThrottlingAreRetryableWithRetryAfter() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        URI url = start(x -> {
            if (calls.incrementAndGet() == 1) {
                x.getResponseHeaders().add("Retry-After", "7");
                return 429;
            }
            return 503;
        });
        try (WebhookClient client = client(url, WebhookOptions.Mode.BINARY, null, Duration.ofSeconds(5), 2)) {
            assertThat(client.send(event(), 1)).isEqualTo(
                    DeliveryOutcome.retryable("webhook answered 429", Optional.of(Duration.ofSeconds(7))));
            assertThat(client.send(event(), 2)).isEqualTo(DeliveryOutcome.retryable("webhook answered 503", Optional.empty()));
        }
    }

    @Test
    void clientErrorsArePermanent() throws IOException {
        URI url = start(x -> 400);
        try (WebhookClient client = client(url, WebhookOptions.Mode.BINARY, null, Duration.ofSeconds(5), 2)) {
            assertThat(client.send(event(), 1)).isInstanceOf(DeliveryOutcome.Permanent.class);
        }
    }

    @Test
    void aSlowReceiverTimesOutAsRetryable() throws IOException {
        CountDownLatch release = new CountDownLatch(1);
        URI url = start(x -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 200;
        });
        try (WebhookClient client = client(url, WebhookOptions.Mode.BINARY, null, Duration.ofMillis(200), 2)) {
            DeliveryOutcome outcome = client.send(event(), 1);
            assertThat(outcome).isInstanceOfSatisfying(DeliveryOutcome.Retryable.class,
                    r -> assertThat(r.reason()).contains("timed out"));
        } finally {
            release.countDown();
        }
    }

    @Test
    void anUnreachableReceiverIsRetryable() throws IOException {
        URI url = start(x -> 200);
        server.stop(0);
        server = null;
        try (WebhookClient client = client(url, WebhookOptions.Mode.BINARY, null, Duration.ofSeconds(2), 2)) {
            assertThat(client.send(event(), 1)).isInstanceOfSatisfying(DeliveryOutcome.Retryable.class,
                    r -> assertThat(r.reason()).contains("unreachable"));
        }
    }

    @Test
    void concurrencyIsLimited() throws Exception {
        AtomicInteger current = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        CountDownLatch twoIn = new CountDownLatch(2);
        URI url = start(x -> {
            peak.accumulateAndGet(current.incrementAndGet(), Math::max);
            twoIn.countDown();
            try {
                twoIn.await(5, TimeUnit.SECONDS);
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            current.decrementAndGet();
            return 200;
        });
        try (WebhookClient client = client(url, WebhookOptions.Mode.BINARY, null, Duration.ofSeconds(5), 2);
             var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            var futures = java.util.stream.IntStream.range(0, 8).mapToObj(i -> pool.submit(() -> client.send(event(), 1))).toList();
            for (var f : futures) {
                assertThat(f.get()).isEqualTo(DeliveryOutcome.DELIVERED);
            }
        }
        assertThat(peak.get()).isEqualTo(2);
    }

    @Test
    void retryAfterParsesSecondsAndHttpDates() {
        Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
        assertThat(WebhookClient.parseRetryAfter("12", clock)).contains(Duration.ofSeconds(12));
        assertThat(WebhookClient.parseRetryAfter("Thu, 01 Jan 2026 00:00:30 GMT", clock)).contains(Duration.ofSeconds(30));
        assertThat(WebhookClient.parseRetryAfter("soon", clock)).isEmpty();
        assertThat(WebhookClient.parseRetryAfter("-5", clock)).isEmpty();
    }
}
