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
            received.add(HttpMessageFactory.createReaderFromMultimap(exchange.getRequestHeaders(), body).toEvent());
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        return URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
    }

    @ParameterizedTest(name = "{0} webhook, {1} log")
    @CsvSource({"binary, memory", "binary, journal", "structured, memory", "structured, journal"})
    void theSubscriberReadsEveryAttributeAndTheDataAsSent(String mode, String durability) throws IOException {
        URI hook = startReceiver();
        Path config = dir.resolve("config.yaml");
        Files.writeString(config, """
                subscriptions:
                  - name: orders
                    sink: {webhook: {url: "%s", mode: %s}}
                """.formatted(hook, mode));
        rt = TestRuntime.start(dir, "--config=" + config, "--durability=" + durability);

        assertThat(rt.post("/v1/events", EVENT, "Authorization", "Bearer " + rt.admin(),
                "Content-Type", "application/cloudevents+json").statusCode()).isEqualTo(202);

        Await.until(Duration.ofSeconds(10), "the subscriber got the event", () -> received.size() == 1);
        CloudEvent got = received.getFirst();
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
        assertThat(String.valueOf(got.getExtension("priority"))).isEqualTo("7");
        assertThat(String.valueOf(got.getExtension("urgent"))).isEqualTo("true");
    }
}
