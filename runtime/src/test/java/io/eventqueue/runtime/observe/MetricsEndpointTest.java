package io.eventqueue.runtime.observe;

import java.net.URI;
import java.time.Duration;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.eventqueue.runtime.observe.PrometheusText.Family;
import io.eventqueue.runtime.testing.Await;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The Prometheus endpoint as a scraper sees it: a management-port server with the catalogue's meters. */
class MetricsEndpointTest {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static WebServer server;
    private static EventQueueMetrics metrics;

    @BeforeAll
    static void start() {
        metrics = new EventQueueMetrics(MetricsSetup.registry());
        metrics.bindGauges(new EventQueueMetrics.RuntimeGauges(() -> 7, () -> 100, () -> 2048, () -> 64L << 20,
                                                               () -> 3, () -> 4, () -> true));
        metrics.bindStoreGauges(new EventQueueMetrics.StoreGauges(() -> 1, () -> 4096, () -> 2));
        HttpMetrics http = new HttpMetrics(MetricsSetup.registry());
        server = WebServer.builder()
                .port(0)
                .putSocket("management", s -> s.port(0))
                .addFeature(MetricsSetup.observeFeature("management"))
                .routing(r -> r.addFilter(new HttpObserveFilter(http, false))
                        .get("/v1/ping", (req, res) -> res.send("pong"))
                        .get("/v1/boom", (req, res) -> res.status(503).send()))
                .build()
                .start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @Test
    void scrapeParsesAsPrometheusTextWithTheCatalogueAndJvmMeters() throws Exception {
        String type = "t" + UUID.randomUUID().toString().substring(0, 8);
        metrics.accepted(type);
        metrics.accepted(type);
        metrics.processed(type, "stdout");
        metrics.failed(type, "webhook");
        metrics.deadLettered(type, "webhook");
        metrics.rejected(RejectReason.QUEUE_FULL, 3);
        metrics.rateLimited(EventQueueMetrics.RateLimitScope.CLIENT);
        metrics.authFailure(EventQueueMetrics.AuthFailure.EXPIRED_TOKEN);
        metrics.endToEnd(3_000_000);
        get(server.port(), "/v1/ping");
        get(server.port(), "/v1/boom");

        // The request counter is recorded once the response has been sent: the client can read the 503 first.
        HttpResponse<String> scrape = Await.value(Duration.ofSeconds(10), "the 503 counted", () -> {
            HttpResponse<String> r = scrapeQuietly();
            return PrometheusText.sample(parseQuietly(r.body()), "eventqueue_http_requests_total",
                                         Map.of("method", "GET", "code", "503")).isPresent() ? Optional.of(r) : Optional.empty();
        });
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.headers().firstValue("content-type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("text/plain"));
        List<Family> families = PrometheusText.parse(scrape.body());

        assertThat(value(families, "eventqueue_events_accepted_total", Map.of("type", type))).isEqualTo(2.0);
        assertThat(value(families, "eventqueue_events_processed_total", Map.of("type", type, "sink", "stdout"))).isEqualTo(1.0);
        assertThat(value(families, "eventqueue_events_failed_total", Map.of("type", type, "sink", "webhook"))).isEqualTo(1.0);
        assertThat(value(families, "eventqueue_events_dead_lettered_total", Map.of("type", type, "sink", "webhook"))).isEqualTo(1.0);
        assertThat(value(families, "eventqueue_events_rejected_total", Map.of("reason", "queue_full"))).isGreaterThanOrEqualTo(3.0);
        assertThat(value(families, "eventqueue_rate_limited_total", Map.of("scope", "client"))).isGreaterThanOrEqualTo(1.0);
        assertThat(value(families, "eventqueue_auth_failures_total", Map.of("reason", "expired_token"))).isGreaterThanOrEqualTo(1.0);
        assertThat(value(families, "eventqueue_queue_depth", Map.of())).isEqualTo(7.0);
        assertThat(value(families, "eventqueue_queue_capacity", Map.of())).isEqualTo(100.0);
        assertThat(value(families, "eventqueue_queue_bytes", Map.of())).isEqualTo(2048.0);
        assertThat(value(families, "eventqueue_workers_busy", Map.of())).isEqualTo(3.0);
        assertThat(value(families, "eventqueue_dead_letters", Map.of())).isEqualTo(1.0);
        assertThat(value(families, "eventqueue_ready", Map.of())).isEqualTo(1.0);
        assertThat(value(families, "eventqueue_http_requests_total", Map.of("method", "GET", "code", "503"))).isGreaterThanOrEqualTo(1.0);

        assertThat(family(families, "eventqueue_event_e2e_seconds").type()).isEqualTo("histogram");
        assertThat(value(families, "eventqueue_event_e2e_seconds_bucket", Map.of("le", "0.005"))).isGreaterThanOrEqualTo(1.0);
        assertThat(family(families, "eventqueue_http_request_duration_seconds").type()).isEqualTo("histogram");
        assertThat(family(families, "jvm_memory_used_bytes").type()).isEqualTo("gauge");
        assertThat(family(families, "process_uptime_seconds").type()).isEqualTo("gauge");
        // Helidon's own request counter (key performance indicators)
        assertThat(family(families, "requests_count").type()).isEqualTo("counter");
        // no Helidon scope label anywhere: it would collide with eventqueue_rate_limited_total{scope}
        assertThat(scrape.body()).doesNotContain("scope=\"application\"").doesNotContain("scope=\"vendor\"");
    }

    @Test
    void gcPausesAreTimedByCollectorAndCause() throws Exception {
        System.gc();
        // the JVM reports a collection asynchronously, on its notification thread
        Optional<PrometheusText.Sample> pauses = Optional.of(Await.value(Duration.ofSeconds(30),
                "jvm_gc_pause_seconds_count{cause=\"System.gc()\"}", () -> PrometheusText.sample(
                        parseQuietly(scrapeQuietly().body()), "jvm_gc_pause_seconds_count", Map.of("cause", "System.gc()"))));
        assertThat(pauses).as("jvm_gc_pause_seconds_count{cause=\"System.gc()\"}").isPresent();
        assertThat(pauses.get().value()).isGreaterThanOrEqualTo(1.0);
    }

    @Test
    void promtoolFindsNothingToCriticise() throws Exception {
        metrics.accepted("log");
        metrics.endToEnd(1_000);
        Optional<String> lint = PrometheusText.promtoolCheck(get(server.port("management"), "/metrics").body());
        assumeTrue(lint.isPresent(), "promtool is not installed (make test-tools installs it)");
        assertThat(lint.get()).isEmpty();
    }

    @Test
    void labelValuesAreBoundedWhateverClientsSend() {
        BoundedLabel<String> label = new BoundedLabel<>(2, v -> "handle:" + v);
        assertThat(label.get("a")).isEqualTo("handle:a");
        assertThat(label.get("b")).isEqualTo("handle:b");
        assertThat(label.get("c")).isEqualTo("handle:other");
        assertThat(label.get("d")).isEqualTo("handle:other");
        assertThat(label.get("a")).isEqualTo("handle:a");
        assertThat(label.get("")).isEqualTo("handle:other");
    }

    private static Family family(List<Family> families, String name) {
        return families.stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no metric family " + name));
    }

    private static double value(List<Family> families, String sample, Map<String, String> labels) {
        return PrometheusText.sample(families, sample, labels)
                .orElseThrow(() -> new AssertionError("no sample " + sample + labels))
                .value();
    }

    private static HttpResponse<String> scrapeQuietly() {
        try {
            return get(server.port("management"), "/metrics");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Family> parseQuietly(String body) {
        try {
            return PrometheusText.parse(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                           HttpResponse.BodyHandlers.ofString());
    }
}
