package io.eventqueue.runtime.observe;

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

import io.eventqueue.runtime.EventQueueRuntime;
import io.eventqueue.runtime.observe.PrometheusText.Family;
import io.eventqueue.runtime.testing.Await;
import io.eventqueue.runtime.testing.TestRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The real runtime, as a scraper and a client see it: events in, meters on the management port's /metrics. */
class RuntimeObservabilityTest {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @TempDir
    static Path dir;
    private static TestRuntime server;
    private static EventQueueRuntime runtime;
    private static String token;

    @BeforeAll
    static void start() {
        server = TestRuntime.start(dir, "--durability=memory");
        runtime = server.runtime;
        token = server.token();
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.shutdown();
        }
    }

    @Test
    void eventsAuthFailuresAndRequestsShowUpOnTheManagementPort() throws Exception {
        List<Family> before = scrape();
        double acceptedBefore = value(before, "eventqueue_events_accepted_total", Map.of("type", "log")).orElse(0.0);
        double deliveredBefore = value(before, "eventqueue_events_processed_total", Map.of("type", "log", "sink", "file")).orElse(0.0);
        double missingBefore = value(before, "eventqueue_auth_failures_total", Map.of("reason", "missing_credentials")).orElse(0.0);
        double e2eBefore = value(before, "eventqueue_event_e2e_seconds_count", Map.of()).orElse(0.0);

        for (int i = 0; i < 3; i++) {
            HttpResponse<String> posted = send("POST", "/v1/events",
                                               "{\"event\":{\"event_type\":\"log\",\"level\":\"info\",\"message\":\"m" + i + "\"}}",
                                               "Authorization", "Bearer " + token, "Content-Type", "application/json");
            assertThat(posted.statusCode()).isEqualTo(202);
        }
        assertThat(send("POST", "/v1/events", "{}", "Content-Type", "application/json").statusCode()).isEqualTo(401);
        // Metrics are recorded after the event is counted as processed: wait for the metrics themselves.
        Await.until(Duration.ofSeconds(10), "the metrics of three processed events", () -> {
            List<Family> now = scrapeQuietly();
            return value(now, "eventqueue_event_e2e_seconds_count", Map.of()).orElse(0.0) >= e2eBefore + 3
                    && value(now, "eventqueue_events_processed_total", Map.of("type", "log", "sink", "file")).orElse(0.0)
                    >= deliveredBefore + 3;
        });

        List<Family> after = scrape();
        assertThat(value(after, "eventqueue_events_accepted_total", Map.of("type", "log")).orElseThrow()).isEqualTo(acceptedBefore + 3);
        assertThat(value(after, "eventqueue_events_processed_total", Map.of("type", "log", "sink", "file")).orElseThrow())
                .isEqualTo(deliveredBefore + 3);
        assertThat(value(after, "eventqueue_event_e2e_seconds_count", Map.of()).orElseThrow()).isEqualTo(e2eBefore + 3);
        assertThat(value(after, "eventqueue_auth_failures_total", Map.of("reason", "missing_credentials")).orElseThrow())
                .isEqualTo(missingBefore + 1);
        assertThat(value(after, "eventqueue_http_requests_total", Map.of("method", "POST", "code", "202")).orElseThrow())
                .isGreaterThanOrEqualTo(3.0);
        assertThat(value(after, "eventqueue_http_requests_total", Map.of("method", "POST", "code", "401")).orElseThrow())
                .isGreaterThanOrEqualTo(1.0);
        assertThat(value(after, "eventqueue_queue_capacity", Map.of()).orElseThrow()).isEqualTo(100.0);
        assertThat(value(after, "eventqueue_workers", Map.of()).orElseThrow()).isEqualTo(4.0);
        assertThat(value(after, "eventqueue_ready", Map.of()).orElseThrow()).isEqualTo(1.0);
        assertThat(value(after, "eventqueue_events_rejected_total", Map.of("reason", "queue_full"))).isPresent();
        assertThat(value(after, "jvm_threads_live_threads", Map.of())).isPresent();
    }

    @Test
    void theRuntimesScrapeIsLintClean() throws Exception {
        Optional<String> lint = PrometheusText.promtoolCheck(get(runtime.managementPort(), "/metrics").body());
        assumeTrue(lint.isPresent(), "promtool is not installed (make test-tools installs it)");
        assertThat(lint.get()).isEmpty();
    }

    @Test
    void metricsAreNotServedOnTheApiPort() throws Exception {
        assertThat(get(runtime.port(), "/metrics").statusCode()).isEqualTo(404);
    }

    private static List<Family> scrape() throws Exception {
        HttpResponse<String> r = get(runtime.managementPort(), "/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        return PrometheusText.parse(r.body());
    }

    private static List<Family> scrapeQuietly() {
        try {
            return scrape();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Optional<Double> value(List<Family> families, String sample, Map<String, String> labels) {
        return PrometheusText.sample(families, sample, labels).map(PrometheusText.Sample::value);
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                           HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + runtime.port() + path))
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        List<String> h = new ArrayList<>(List.of(headers));
        for (int i = 0; i < h.size(); i += 2) {
            b.header(h.get(i), h.get(i + 1));
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

}
