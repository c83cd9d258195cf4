package io.eventqueue.runtime.observe;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.eventqueue.runtime.event.TraceContext;
import io.eventqueue.runtime.testing.Await;
import io.eventqueue.runtime.testing.TestRuntime;
import io.eventqueue.runtime.EventQueueRuntime;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** One event through the real runtime, followed span by span from the producer's trace to the file and webhook sinks. */
class RuntimeTracingTest {
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PRODUCER_SPAN = "00f067aa0ba902b7";
    private static final String EVENT_TRACE = "0af7651916cd43dd8448eb211c80319c";
    private static final String EVENT_SPAN = "b7ad6b7169203331";
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final InMemorySpanExporter EXPORTER = InMemorySpanExporter.create();
    /** What the webhook sink sent as traceparent, by event id. */
    private static final Map<String, String> OUTGOING = new ConcurrentHashMap<>();

    @TempDir
    static Path dir;
    private static HttpServer receiver;
    private static TestRuntime server;
    private static EventQueueRuntime runtime;
    private static String token;

    @BeforeAll
    static void start() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            String traceparent = exchange.getRequestHeaders().getFirst(TraceContext.TRACEPARENT);
            if (traceparent != null) {
                OUTGOING.put(exchange.getRequestHeaders().getFirst("ce-id"), traceparent);
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        server = TestRuntime.start(dir, Tracing.create(EXPORTER, "eventqueue-test"), "--durability=memory",
                "--sinks.webhook.enabled=true",
                "--sinks.webhook.url=http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
        runtime = server.runtime;
        token = server.token();
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.shutdown();
        }
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    @BeforeEach
    void clear() {
        EXPORTER.reset();
    }

    @Test
    void producersTraceContinuesThroughTheQueueToTheSink() throws Exception {
        long before = runtime.stats().processed();
        HttpResponse<String> r = post("/v1/events", "{\"event\":{\"event_type\":\"log\",\"level\":\"info\",\"message\":\"hi\"}}",
                                      "Authorization", "Bearer " + token, "Content-Type", "application/json",
                                      "traceparent", "00-" + TRACE + "-" + PRODUCER_SPAN + "-01");
        assertThat(r.statusCode()).isEqualTo(202);
        String id = new ObjectMapper().readTree(r.body()).path("result").path("id").asText();

        List<SpanData> trace = awaitTrace(TRACE, 5);
        SpanData server = one(trace, "HTTP Request", SpanKind.SERVER);
        SpanData enqueue = one(trace, EventSpans.ENQUEUE, SpanKind.PRODUCER);
        SpanData process = one(trace, EventSpans.PROCESS, SpanKind.CONSUMER);
        SpanData deliver = delivery(trace, "file");
        assertThat(server.getParentSpanId()).isEqualTo(PRODUCER_SPAN);
        assertThat(enqueue.getParentSpanId()).isEqualTo(server.getSpanId());
        assertThat(process.getParentSpanId()).isEqualTo(enqueue.getSpanId());
        assertThat(process.getAttributes().get(AttributeKey.stringKey("eventqueue.event.id"))).isEqualTo(id);
        assertThat(deliver.getParentSpanId()).isEqualTo(process.getSpanId());
        SpanData capture = delivery(trace, "webhook");
        assertThat(capture.getParentSpanId()).isEqualTo(process.getSpanId());
        assertThat(OUTGOING.get(id)).isEqualTo("00-" + TRACE + "-" + capture.getSpanId() + "-01");
        assertThat(runtime.stats().processed()).isGreaterThan(before);
    }

    @Test
    void cloudEventTracingExtensionPutsProcessingInTheEventsTrace() throws Exception {
        String ce = "{\"specversion\":\"1.0\",\"id\":\"ce-1\",\"source\":\"/billing\",\"type\":\"log\","
                + "\"traceparent\":\"00-" + EVENT_TRACE + "-" + EVENT_SPAN + "-01\","
                + "\"data\":{\"level\":\"info\",\"message\":\"hi\"}}";
        HttpResponse<String> r = post("/v1/events", ce, "Authorization", "Bearer " + token,
                                      "Content-Type", "application/cloudevents+json");
        assertThat(r.statusCode()).isEqualTo(202);

        List<SpanData> trace = awaitTrace(EVENT_TRACE, 3);
        SpanData process = one(trace, EventSpans.PROCESS, SpanKind.CONSUMER);
        assertThat(process.getParentSpanId()).isEqualTo(EVENT_SPAN);
        assertThat(delivery(trace, "file").getParentSpanId()).isEqualTo(process.getSpanId());
    }

    @Test
    void batchEventsAreEachProcessedInTheRequestsTrace() throws Exception {
        String batch = "[{\"event\":{\"event_type\":\"log\",\"level\":\"info\",\"message\":\"a\"}},"
                + "{\"event\":{\"event_type\":\"log\",\"level\":\"info\",\"message\":\"b\"}}]";
        HttpResponse<String> r = post("/v1/events/batch?atomic=true", batch, "Authorization", "Bearer " + token,
                                      "Content-Type", "application/json",
                                      "traceparent", "00-" + TRACE + "-" + PRODUCER_SPAN + "-01");
        assertThat(r.statusCode()).isEqualTo(202);

        List<SpanData> trace = awaitTrace(TRACE, 8);
        SpanData enqueue = one(trace, EventSpans.ENQUEUE, SpanKind.PRODUCER);
        assertThat(enqueue.getAttributes().get(AttributeKey.longKey("eventqueue.events"))).isEqualTo(2L);
        List<SpanData> processes = trace.stream().filter(s -> s.getName().equals(EventSpans.PROCESS)).toList();
        assertThat(processes).hasSize(2).allSatisfy(p -> assertThat(p.getParentSpanId()).isEqualTo(enqueue.getSpanId()));
    }

    private static SpanData one(List<SpanData> spans, String name, SpanKind kind) {
        List<SpanData> found = spans.stream().filter(s -> s.getName().equals(name)).toList();
        assertThat(found).as("spans named %s in %s", name, spans).hasSize(1);
        assertThat(found.getFirst().getKind()).isEqualTo(kind);
        return found.getFirst();
    }

    private static SpanData delivery(List<SpanData> spans, String sink) {
        List<SpanData> found = spans.stream()
                .filter(s -> s.getName().equals(EventSpans.DELIVER)
                        && sink.equals(s.getAttributes().get(AttributeKey.stringKey("eventqueue.sink"))))
                .toList();
        assertThat(found).as("deliveries to %s in %s", sink, spans).hasSize(1);
        assertThat(found.getFirst().getKind()).isEqualTo(SpanKind.CLIENT);
        return found.getFirst();
    }

    /** The finished spans of {@code traceId} except content read/write spans, once there are {@code count}. */
    private static List<SpanData> awaitTrace(String traceId, int count) {
        return Await.value(Duration.ofSeconds(10), () -> count + " spans of " + traceId + ", have " + trace(traceId), () -> {
            List<SpanData> spans = trace(traceId);
            return spans.size() >= count ? Optional.of(spans) : Optional.empty();
        });
    }

    private static List<SpanData> trace(String traceId) {
        return EXPORTER.getFinishedSpanItems().stream()
                .filter(s -> s.getTraceId().equals(traceId) && !s.getName().startsWith("content-"))
                .toList();
    }

    private static HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + runtime.port() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        List<String> h = new ArrayList<>(List.of(headers));
        for (int i = 0; i < h.size(); i += 2) {
            b.header(h.get(i), h.get(i + 1));
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
