package io.eventqueue.runtime.delivery;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.cloudevents.CloudEvent;
import io.cloudevents.http.HttpMessageFactory;
import io.eventqueue.runtime.testing.Await;
import io.eventqueue.runtime.testing.TestRuntime;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What a subscriber built with the CloudEvents Java SDK reads is what the producer sent: every context attribute and
 * extension, and the data byte for byte with its content type, in each webhook mode and durability mode.
 */
class WebhookFidelityHttpTest {
    private static final String EVENT = """
            {"specversion":"1.0","id":"f-1","source":"urn:example:shop","type":"com.example.order.created",
             "subject":"order/42","time":"2026-12-01T10:15:30.123Z","dataschema":"https://example.com/order.json",
             "traceparent":"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01","tracestate":"vendor=value",
             "partitionkey":"customer-7","tenant":"acme","priority":7,"urgent":true,
             "datacontenttype":"text/plain","data":"Grüße, plain text\\n"}""";

    @TempDir
    Path dir;
    private TestRuntime rt;
    private HttpServer receiver;
    private final List<CloudEvent> received = new CopyOnWriteArrayList<>();
    /** Requests the receiver answers 503 before it accepts. */
    private volatile int failuresLeft;

    @AfterEach
    void stop() {
        if (rt != null) {
            rt.close();
        }
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    private URI startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        receiver.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (failuresLeft > 0) {
                failuresLeft--;
                exchange.sendResponseHeaders(503, -1);
                exchange.close();
                return;
            }
            received.add(HttpMessageFactory.createReaderFromMultimap(exchange.getRequestHeaders(), body).toEvent());
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        return URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
    }

    private void start(String mode, String durability, String delivery) throws IOException {
        URI hook = startReceiver();
        Path config = dir.resolve("config.yaml");
        Files.writeString(config, """
                subscriptions:
                  - name: orders
                    sink: {webhook: {url: "%s", mode: %s}}
                    delivery: %s
                """.formatted(hook, mode, delivery));
        rt = TestRuntime.start(dir, "--config=" + config, "--durability=" + durability);
    }

    /** The event of {@link #EVENT} in the producer's HTTP mode. */
    private void send(String input) {
        String auth = "Bearer " + rt.admin();
        int status = switch (input) {
            case "structured" -> rt.post("/v1/events", EVENT, "Authorization", auth,
                    "Content-Type", "application/cloudevents+json").statusCode();
            case "batch" -> rt.post("/v1/events/batch", "[" + EVENT + "]", "Authorization", auth,
                    "Content-Type", "application/cloudevents-batch+json").statusCode();
            case "binary" -> rt.post("/v1/events", "Grüße, plain text\n", "Authorization", auth,
                    "Content-Type", "text/plain", "ce-specversion", "1.0", "ce-id", "f-1",
                    "ce-source", "urn:example:shop", "ce-type", "com.example.order.created",
                    "ce-subject", "order/42", "ce-time", "2026-12-01T10:15:30.123Z",
                    "ce-dataschema", "https://example.com/order.json",
                    // As the CloudEvents SDKs' binary writers send the distributed-tracing extension.
                    "ce-traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                    "ce-tracestate", "vendor=value", "ce-partitionkey", "customer-7", "ce-tenant", "acme",
                    "ce-priority", "7", "ce-urgent", "true").statusCode();
            default -> throw new IllegalArgumentException(input);
        };
        assertThat(status).as(input).isBetween(200, 207);
    }

    @ParameterizedTest(name = "{0} in, {1} webhook, {2} log")
    @CsvSource({"structured, binary, memory", "structured, structured, journal", "binary, binary, journal",
            "binary, structured, memory", "batch, binary, memory", "batch, structured, journal"})
    void theSubscriberReadsEveryAttributeAndTheDataAsSent(String input, String mode, String durability)
            throws IOException {
        start(mode, durability, "{max-attempts: 1}");
        send(input);

        Await.until(Duration.ofSeconds(10), "the subscriber got the event", () -> received.size() == 1);
        assertAsSent(received.getFirst(), input);
    }

    @ParameterizedTest(name = "{0} log")
    @CsvSource({"memory", "journal"})
    void aRetriedAndAReplayedDeliveryCarryTheSameAttributes(String durability) throws IOException {
        start("binary", durability, "{max-attempts: 2, backoff-base: 1ms, backoff-max: 5ms}");
        failuresLeft = 3;
        send("structured");

        Await.until(Duration.ofSeconds(10), "dead-lettered after 2 attempts",
                () -> rt.getJson("/v1/stats").at("/result/durability/dead_lettered").asInt() == 1);
        assertThat(rt.post("/v1/dlq/replay", "", "Authorization", "Bearer " + rt.admin()).statusCode()).isEqualTo(202);
        Await.until(Duration.ofSeconds(10), "delivered by the replay's retry", () -> received.size() == 1);
        assertAsSent(received.getFirst(), "structured");
    }

    private static void assertAsSent(CloudEvent got, String input) {
        assertThat(got.getId()).isEqualTo("f-1");
        assertThat(got.getSource()).isEqualTo(URI.create("urn:example:shop"));
        assertThat(got.getType()).isEqualTo("com.example.order.created");
        assertThat(got.getSubject()).isEqualTo("order/42");
        assertThat(got.getTime()).isEqualTo(OffsetDateTime.parse("2026-12-01T10:15:30.123Z"));
        assertThat(got.getDataSchema()).isEqualTo(URI.create("https://example.com/order.json"));
        assertThat(got.getDataContentType()).isEqualTo("text/plain");
        assertThat(got.getData().toBytes()).isEqualTo("Grüße, plain text\n".getBytes(UTF_8));
        assertThat(String.valueOf(got.getExtension("traceparent")))
                .isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        assertThat(String.valueOf(got.getExtension("tracestate"))).isEqualTo("vendor=value");
        assertThat(String.valueOf(got.getExtension("partitionkey"))).isEqualTo("customer-7");
        assertThat(String.valueOf(got.getExtension("tenant"))).isEqualTo("acme");
        // Binary mode carries every extension as a string header: the number and the boolean arrive as text.
        assertThat(String.valueOf(got.getExtension("priority"))).as(input).isEqualTo("7");
        assertThat(String.valueOf(got.getExtension("urgent"))).as(input).isEqualTo("true");
    }

    @ParameterizedTest(name = "{0} log")
    @CsvSource({"memory", "journal"})
    void theFileSinkLineHasEveryAttributeAsMembers(String durability) throws IOException {
        Path out = dir.resolve("orders.json");
        Path config = dir.resolve("config.yaml");
        Files.writeString(config, """
                subscriptions:
                  - name: orders
                    sink: {file: {path: "%s"}}
                """.formatted(out));
        rt = TestRuntime.start(dir, "--config=" + config, "--durability=" + durability);
        send("structured");

        Await.until(Duration.ofSeconds(10), "the line is written", () -> Files.exists(out) && lines(out) == 1);
        com.fasterxml.jackson.databind.JsonNode line = TestRuntime.json(Files.readAllLines(out).getFirst());
        assertThat(line.get("id").asText()).isEqualTo("f-1");
        assertThat(line.get("subject").asText()).isEqualTo("order/42");
        assertThat(line.get("dataschema").asText()).isEqualTo("https://example.com/order.json");
        assertThat(line.get("datacontenttype").asText()).isEqualTo("text/plain");
        assertThat(line.get("data").asText()).isEqualTo("Grüße, plain text\n");
        assertThat(line.get("traceparent").asText()).isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        assertThat(line.get("tracestate").asText()).isEqualTo("vendor=value");
        assertThat(line.at("/extensions/partitionkey").asText()).isEqualTo("customer-7");
        assertThat(line.at("/extensions/tenant").asText()).isEqualTo("acme");
        assertThat(line.at("/extensions/priority").asLong()).isEqualTo(7);
        assertThat(line.at("/extensions/urgent").asBoolean()).isTrue();
    }

    private static long lines(Path file) {
        try {
            return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).count();
        } catch (IOException e) {
            return 0;
        }
    }
}
