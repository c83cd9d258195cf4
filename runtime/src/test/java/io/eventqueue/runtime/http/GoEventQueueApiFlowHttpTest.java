package io.eventqueue.runtime.http;

import io.eventqueue.runtime.testing.TestRuntime;
import io.eventqueue.runtime.testing.Await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The Go Event Queue API's README, step by step, against the real server: token → log event → metric event → stats → file. */
class GoEventQueueApiFlowHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static TestRuntime server;

    @BeforeAll
    static void start() {
        server = TestRuntime.start(dir);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void readmeFlowEndToEnd() throws IOException {
        // TOKEN=$(curl -X POST -u "$ADMINUSER:$ADMINPASS" …/v1/tokens | jq .result.token)
        HttpResponse<String> tokenResponse = server.post("/v1/tokens", "",
                "Authorization", TestRuntime.basic("admin", TestRuntime.ADMIN_PASSWORD));
        assertThat(tokenResponse.statusCode()).isEqualTo(200);
        assertThat(tokenResponse.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(tokenResponse.headers().firstValue("Cache-Control")).contains("no-store");
        JsonNode tokenResult = JSON.readTree(tokenResponse.body()).path("result");
        String token = tokenResult.path("token").asText();
        assertThat(token).matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+");
        assertThat(Instant.parse(tokenResult.path("expires_at").asText())).isAfter(Instant.now());

        HttpResponse<String> log = server.postEvent(token, """
                { "event":
                  { "event_type": "log",
                    "event_id": "f47ac10b-58cc-4372-a567-0e02b2c3d479",
                    "level": "error",
                    "message": "Database connection failed"
                  }
                }""");
        assertThat(log.statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(log.body())).isEqualTo(JSON.readTree(
                "{\"result\":{\"id\":\"f47ac10b-58cc-4372-a567-0e02b2c3d479\",\"status\":\"queued\"}}"));

        HttpResponse<String> metric = server.postEvent(token, """
                {
                  "event": {
                    "event_type": "metric",
                    "event_id": "f47ac10b-58cc-4372-a567-0e02b2c3d479",
                    "value": 95.8
                  }
                }""");
        assertThat(metric.statusCode()).isEqualTo(202);

        Await.until(Duration.ofSeconds(10), "both events processed", () -> server.runtime.stats().processed() == 2);
        JsonNode stats = JSON.readTree(server.get(server.api("/v1/stats")).body()).path("result");
        assertThat(stats.path("accepted").asLong()).isEqualTo(2);
        assertThat(stats.path("processed").asLong()).isEqualTo(2);
        assertThat(stats.path("failed").asLong()).isZero();
        assertThat(stats.path("types").path("log").path("processed").asLong()).isEqualTo(1);
        assertThat(stats.path("types").path("metric").path("processed").asLong()).isEqualTo(1);
        assertThat(stats.path("queue").path("capacity").asInt()).isEqualTo(100);
        assertThat(stats.path("queue").path("depth").asInt()).isZero();
        assertThat(stats.path("workers").path("total").asInt()).isEqualTo(4);
        assertThat(stats.path("uptime_seconds").asDouble()).isPositive();

        Await.until(Duration.ofSeconds(10), "file sink flushed", () -> lines(server.eventsFile).size() == 2);
        List<String> lines = lines(server.eventsFile);
        JsonNode first = JSON.readTree(lines.get(0));
        assertThat(first.path("type").asText()).isEqualTo("log");
        assertThat(first.path("data").path("message").asText()).isEqualTo("Database connection failed");
        assertThat(first.path("attempts").asInt()).isEqualTo(1);
        assertThat(first.has("processed_at")).isTrue();
        assertThat(JSON.readTree(lines.get(1)).path("data").path("value").asDouble()).isEqualTo(95.8);
    }

    @Test
    void healthAndMetricsAreOnTheManagementPort() {
        assertThat(server.get(server.management("/health/live")).statusCode()).isEqualTo(200);
        HttpResponse<String> ready = server.get(server.management("/health/ready"));
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("\"state\":\"running\"");
        HttpResponse<String> metrics = server.get(server.management("/metrics"), "Accept", "text/plain");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("# TYPE");
        assertThat(server.get(server.api("/health/live")).statusCode())
                .as("health is not exposed on the API port").isEqualTo(404);
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
