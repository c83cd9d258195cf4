package io.eventqueue.runtime.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.eventqueue.runtime.testing.Await;
import io.eventqueue.runtime.testing.TestRuntime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Events of undeclared types with opaque data (binary, text, any JSON) are journaled with their content type and
 * come back from the journal after a restart as they were accepted.
 */
class OpaqueDataJournalHttpTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, (byte) 0xFF, (byte) 0xFE};

    @TempDir
    Path dir;
    private TestRuntime rt;
    private HttpServer receiver;

    /** What the webhook receiver got, by ce-id: content type and body. */
    private final Map<String, Received> received = new ConcurrentHashMap<>();

    record Received(String type, String contentType, byte[] body) {
    }

    @AfterEach
    void stop() {
        if (rt != null) {
            rt.close();
        }
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    private URI startReceiver(AtomicBoolean failing) throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        receiver.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (failing.get()) {
                exchange.sendResponseHeaders(503, -1);
            } else {
                received.put(exchange.getRequestHeaders().getFirst("ce-id"), new Received(
                        exchange.getRequestHeaders().getFirst("ce-type"),
                        exchange.getRequestHeaders().getFirst("Content-Type"), body));
                exchange.sendResponseHeaders(200, -1);
            }
            exchange.close();
        });
        receiver.start();
        return URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
    }

    private HttpResponse<String> postBinary(String id, String type, String contentType, byte[] body) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(rt.url("/v1/events")))
                .header("Authorization", "Bearer " + rt.admin())
                .header("ce-specversion", "1.0").header("ce-id", id).header("ce-source", "/devices/cam-1")
                .header("ce-type", type).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return rt.http.send(req, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void opaqueEventsInTheJournalSurviveARestartWithTheirContentType() throws Exception {
        AtomicBoolean failing = new AtomicBoolean(true);
        URI url = startReceiver(failing);
        List<String> args = List.of("--sinks.webhook.enabled=true", "--sinks.webhook.url=" + url,
                "--sinks.file.enabled=false", "--delivery.max-attempts=50", "--delivery.backoff-base=1h",
                "--delivery.backoff-max=1h", "--shutdown.drain-timeout=0s");
        rt = TestRuntime.start(dir, args);
        assertThat(postBinary("png-1", "com.example.camera.snapshot", "image/png", PNG).statusCode()).isEqualTo(202);
        assertThat(rt.postAs("/v1/events", rt.admin(), "application/cloudevents+json",
                "{\"specversion\":\"1.0\",\"id\":\"txt-1\",\"source\":\"/notes\",\"type\":\"com.example.note\","
                        + "\"datacontenttype\":\"text/plain; charset=utf-8\",\"data\":\"Grüße\"}").statusCode())
                .isEqualTo(202);
        assertThat(rt.postAs("/v1/events", rt.admin(), "application/cloudevents+json",
                "{\"specversion\":\"1.0\",\"id\":\"arr-1\",\"source\":\"/s\",\"type\":\"com.example.list\","
                        + "\"data\":[1,\"two\"]}").statusCode()).isEqualTo(202);
        Await.until(WAIT, "three events waiting for a retry", () -> retrying() == 3);
        rt.close();
        rt = null;

        failing.set(false);
        rt = TestRuntime.start(dir, args);
        Await.until(WAIT, "the three events delivered after restart", () -> received.size() >= 3);
        assertThat(received.get("png-1").type()).isEqualTo("com.example.camera.snapshot");
        assertThat(received.get("png-1").contentType()).isEqualTo("image/png");
        assertThat(received.get("png-1").body()).isEqualTo(PNG);
        assertThat(received.get("txt-1").contentType()).isEqualTo("text/plain; charset=utf-8");
        assertThat(new String(received.get("txt-1").body(), StandardCharsets.UTF_8)).isEqualTo("Grüße");
        assertThat(received.get("arr-1").contentType()).isEqualTo("application/json");
        assertThat(new String(received.get("arr-1").body(), StandardCharsets.UTF_8)).isEqualTo("[1,\"two\"]");

        JsonNode png = rt.getJson("/v1/events/png-1").path("result").path("event");
        assertThat(png.path("datacontenttype").asText()).isEqualTo("image/png");
        assertThat(Base64.getDecoder().decode(png.path("data_base64").asText())).isEqualTo(PNG);
        JsonNode txt = rt.getJson("/v1/events/txt-1").path("result").path("event");
        assertThat(txt.path("data").asText()).isEqualTo("Grüße");
    }

    private long retrying() {
        try {
            return rt.getJson("/v1/stats").at("/result/durability/retrying").asLong();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
