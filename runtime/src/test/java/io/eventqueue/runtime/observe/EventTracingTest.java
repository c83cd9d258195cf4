package io.eventqueue.runtime.observe;

import io.eventqueue.runtime.event.TraceContext;
import io.eventqueue.runtime.testing.Await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import io.helidon.tracing.Span;
import io.helidon.tracing.SpanContext;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.observe.ObserveFeature;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One event followed from the producer through the queue to two sinks, spans read from an in-memory exporter.
 * The queue here is a plain blocking queue of stored contexts: what matters is that only the stored context
 * crosses from the request thread to the worker, as in the runtime.
 */
class EventTracingTest {
    private static final String PRODUCER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PRODUCER_SPAN = "00f067aa0ba902b7";
    private static final String OTHER_TRACE = "0af7651916cd43dd8448eb211c80319c";
    private static final String OTHER_SPAN = "b7ad6b7169203331";

    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private final BlockingQueue<Optional<TraceContext>> queue = new LinkedBlockingQueue<>();
    private final Map<String, String> webhookHeaders = new HashMap<>();
    private Tracing tracing;
    private WebServer server;
    private Thread worker;

    @BeforeEach
    void start() {
        tracing = Tracing.create(exporter, "eventqueue-test");
        EventSpans spans = tracing.eventSpans();
        server = WebServer.builder()
                .port(0)
                .addFeature(ObserveFeature.builder().observersDiscoverServices(false)
                                    .addObserver(tracing.observer().orElseThrow()).build())
                .routing(r -> r.post("/v1/events", (req, res) -> {
                    String extension = req.content().hasEntity() ? req.content().as(String.class).strip() : "";
                    Span enqueue = spans.enqueue(req.context().get(SpanContext.class), 1);
                    queue.add(spans.contextToStore(enqueue, TraceContext.fromExtensions(
                            extension.isEmpty() ? null : extension, null)));
                    enqueue.end();
                    res.status(202).send();
                }))
                .build()
                .start();
        worker = Thread.ofPlatform().start(() -> {
            try {
                Optional<TraceContext> stored = queue.take();
                Span process = spans.process(stored, "ev-1", "log");
                for (String sink : List.of("stdout", "webhook")) {
                    Span deliver = spans.deliver(process, sink, 1);
                    if (sink.equals("webhook")) {
                        spans.inject(deliver, webhookHeaders::put);
                    }
                    deliver.end();
                }
                process.end();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @AfterEach
    void stop() throws InterruptedException {
        worker.interrupt();
        worker.join();
        server.stop();
        tracing.close();
    }

    @Test
    void producersTraceparentHeaderParentsTheWholeTreeAcrossTheQueue() throws Exception {
        int status = post("00-" + PRODUCER_TRACE + "-" + PRODUCER_SPAN + "-01", "");
        assertThat(status).isEqualTo(202);

        Map<String, SpanData> byName = awaitSpans(5);
        SpanData http = byName.get("HTTP Request");
        SpanData enqueue = byName.get(EventSpans.ENQUEUE);
        SpanData process = byName.get(EventSpans.PROCESS);
        assertThat(http.getKind()).isEqualTo(SpanKind.SERVER);
        assertThat(http.getParentSpanId()).isEqualTo(PRODUCER_SPAN);
        assertThat(enqueue.getParentSpanId()).isEqualTo(http.getSpanId());
        assertThat(process.getParentSpanId()).isEqualTo(enqueue.getSpanId());
        assertThat(process.getAttributes().get(AttributeKey.stringKey("eventqueue.event.id"))).isEqualTo("ev-1");
        List<SpanData> deliveries = exporter.getFinishedSpanItems().stream()
                .filter(s -> s.getName().equals(EventSpans.DELIVER)).toList();
        assertThat(deliveries).extracting(s -> s.getAttributes().get(AttributeKey.stringKey("eventqueue.sink")))
                .containsExactlyInAnyOrder("stdout", "webhook");
        assertThat(deliveries).allSatisfy(d -> assertThat(d.getParentSpanId()).isEqualTo(process.getSpanId()));
        assertThat(exporter.getFinishedSpanItems()).allSatisfy(s -> assertThat(s.getTraceId()).isEqualTo(PRODUCER_TRACE));

        SpanData webhook = deliveries.stream()
                .filter(d -> "webhook".equals(d.getAttributes().get(AttributeKey.stringKey("eventqueue.sink"))))
                .findFirst().orElseThrow();
        assertThat(webhookHeaders.get("traceparent")).isEqualTo("00-" + PRODUCER_TRACE + "-" + webhook.getSpanId() + "-01");
    }

    @Test
    void cloudEventsTracingExtensionPutsProcessingInTheEventsTrace() throws Exception {
        assertThat(post(null, "00-" + OTHER_TRACE + "-" + OTHER_SPAN + "-01")).isEqualTo(202);

        Map<String, SpanData> byName = awaitSpans(5);
        SpanData http = byName.get("HTTP Request");
        SpanData process = byName.get(EventSpans.PROCESS);
        assertThat(http.getTraceId()).isNotEqualTo(OTHER_TRACE);
        assertThat(byName.get(EventSpans.ENQUEUE).getTraceId()).isEqualTo(http.getTraceId());
        assertThat(process.getTraceId()).isEqualTo(OTHER_TRACE);
        assertThat(process.getParentSpanId()).isEqualTo(OTHER_SPAN);
        assertThat(byName.get(EventSpans.DELIVER).getTraceId()).isEqualTo(OTHER_TRACE);
    }

    @Test
    void malformedExtensionIsIgnoredNotFatal() throws Exception {
        assertThat(post(null, "00-nothex-" + OTHER_SPAN + "-01")).isEqualTo(202);
        Map<String, SpanData> byName = awaitSpans(5);
        assertThat(byName.get(EventSpans.PROCESS).getParentSpanId()).isEqualTo(byName.get(EventSpans.ENQUEUE).getSpanId());
    }

    @Test
    void disabledTracingRecordsNothingAndStoresNoContext() {
        Tracing off = Tracing.create(TracingSettings.disabled());
        EventSpans spans = off.eventSpans();
        assertThat(off.enabled()).isFalse();
        assertThat(off.observer()).isEmpty();
        Span enqueue = spans.enqueue(Optional.empty(), 1);
        assertThat(spans.contextToStore(enqueue, Optional.empty())).isEmpty();
        Map<String, String> headers = new HashMap<>();
        spans.inject(spans.deliver(spans.process(Optional.empty(), "e", "log"), "stdout", 1), headers::put);
        assertThat(headers).isEmpty();
    }

    private int post(String traceparent, String body) throws Exception {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + "/v1/events"))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (traceparent != null) {
            req.header("traceparent", traceparent);
        }
        return HttpClient.newHttpClient().send(req.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Waits (bounded) for the HTTP, enqueue, process and delivery spans, by name (the last of a name wins). */
    private Map<String, SpanData> awaitSpans(int count) {
        Await.until(Duration.ofSeconds(10), () -> count + " spans, have " + exporter.getFinishedSpanItems(),
                () -> exporter.getFinishedSpanItems().stream().filter(s -> !s.getName().startsWith("content-")).count() >= count);
        Map<String, SpanData> byName = new HashMap<>();
        exporter.getFinishedSpanItems().forEach(s -> byName.put(s.getName(), s));
        return byName;
    }
}
