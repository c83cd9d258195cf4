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
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** CloudEvents modes, batches, dry-run validation and token options over real HTTP. */
class EventsApiHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LOG = "{\"event\":{\"event_type\":\"log\",\"level\":\"info\",\"message\":\"hello\"}}";

    @TempDir
    static Path dir;
    static TestRuntime server;
    static String token;

    @BeforeAll
    static void start() {
        server = TestRuntime.start(dir);
        token = server.token();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        return JSON.readTree(r.body());
    }

    @Test
    void cloudEventStructuredMode() throws IOException {
        HttpResponse<String> r = server.post("/v1/events", """
                {"specversion":"1.0","id":"ce-structured-1","source":"/sensors/1","type":"metric",
                 "data":{"name":"temp","value":20.5}}""",
                "Authorization", "Bearer " + token, "Content-Type", "application/cloudevents+json");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        assertThat(json(r).path("result").path("id").asText()).isEqualTo("ce-structured-1");
    }

    @Test
    void cloudEventBinaryMode() throws IOException {
        HttpResponse<String> r = server.post("/v1/events", "{\"level\":\"warn\",\"message\":\"disk 91%\"}",
                "Authorization", "Bearer " + token, "Content-Type", "application/json",
                "ce-specversion", "1.0", "ce-id", "ce-binary-1", "ce-source", "/hosts/a", "ce-type", "log");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        assertThat(json(r).path("result").path("id").asText()).isEqualTo("ce-binary-1");
    }

    @Test
    void envelopeWithoutIdGetsAGeneratedOne() throws IOException {
        HttpResponse<String> r = server.postEvent(token, LOG);
        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(json(r).path("result").path("id").asText()).matches("[0-9a-f-]{36}");
    }

    @Test
    void batchAnswersPerItem() throws IOException {
        String batch = "[" + LOG + ",{\"event\":{\"event_type\":\"metric\",\"value\":\"x\"}}," + LOG + "]";
        HttpResponse<String> r = server.post("/v1/events/batch", batch,
                "Authorization", "Bearer " + token, "Content-Type", "application/json");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        JsonNode result = json(r).path("result");
        assertThat(result.path("queued").asInt()).isEqualTo(2);
        assertThat(result.path("rejected").asInt()).isEqualTo(1);
        JsonNode bad = result.path("items").get(1);
        assertThat(bad.path("status").asText()).isEqualTo("rejected");
        assertThat(bad.path("type").asText()).endsWith("/validation-failed");
        assertThat(bad.path("errors").get(0).path("field").asText()).isEqualTo("event.value");
        assertThat(result.path("items").get(2).path("status").asText()).isEqualTo("queued");
    }

    @Test
    void atomicBatchQueuesNothingWhenAnItemIsInvalid() throws IOException {
        long before = server.runtime.stats().accepted();
        String batch = "[" + LOG + ",{\"event\":{\"event_type\":\"log\",\"level\":\"loud\",\"message\":\"m\"}}]";
        HttpResponse<String> r = server.post("/v1/events/batch?atomic=true", batch,
                "Authorization", "Bearer " + token, "Content-Type", "application/json");
        JsonNode p = BadInputHttpTest.problem(r, 400, "validation-failed");
        assertThat(p.path("items").get(1).path("type").asText()).endsWith("/validation-failed");
        assertThat(server.runtime.stats().accepted()).isEqualTo(before);
    }

    @Test
    void cloudEventsBatch() throws IOException {
        String batch = """
                [{"specversion":"1.0","id":"b1","source":"/s","type":"log","data":{"level":"info","message":"a"}},
                 {"specversion":"1.0","id":"b2","source":"/s","type":"metric","data":{"value":1}}]""";
        HttpResponse<String> r = server.post("/v1/events/batch", batch,
                "Authorization", "Bearer " + token, "Content-Type", "application/cloudevents-batch+json");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        assertThat(json(r).path("result").path("queued").asInt()).isEqualTo(2);
    }

    @Test
    void validateQueuesNothing() throws IOException {
        Await.until(Duration.ofSeconds(10), "queue idle", () -> server.runtime.stats().processed() == server.runtime.stats().accepted());
        long before = server.runtime.stats().accepted();
        HttpResponse<String> ok = server.post("/v1/events/validate", LOG,
                "Authorization", "Bearer " + token, "Content-Type", "application/json");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(json(ok).path("result").path("valid").asBoolean()).isTrue();
        BadInputHttpTest.problem(server.post("/v1/events/validate", "{\"event\":{\"event_type\":\"log\"}}",
                "Authorization", "Bearer " + token, "Content-Type", "application/json"), 400, "validation-failed");
        assertThat(server.runtime.stats().accepted()).isEqualTo(before);
    }

    @Test
    void tokenRequestCanNarrowSubjectRolesAndTtl() throws IOException {
        HttpResponse<String> r = server.post("/v1/tokens", "{\"subject\":\"billing\",\"roles\":[\"writer\"],\"ttl\":\"15m\"}",
                "Authorization", TestRuntime.basic("admin", TestRuntime.ADMIN_PASSWORD), "Content-Type", "application/json");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode result = json(r).path("result");
        assertThat(result.path("subject").asText()).isEqualTo("billing");
        assertThat(result.path("roles").toString()).isEqualTo("[\"writer\"]");
        String billing = result.path("token").asText();
        HttpResponse<String> sent = server.postEvent(billing, LOG);
        assertThat(sent.statusCode()).isEqualTo(202);
    }

    @Test
    void statsAreOpenByDefault() {
        assertThat(server.get(server.api("/v1/stats")).statusCode()).isEqualTo(200);
    }

    @Test
    void statsCanRequireTheReaderRole(@TempDir Path other) {
        try (TestRuntime closed = TestRuntime.start(other, "--auth.stats-require-reader=true")) {
            BadInputHttpTest.problem(closed.get(closed.api("/v1/stats")), 401, "authentication-required");
            String writer = closed.token("{\"roles\":[\"writer\"]}");
            BadInputHttpTest.problem(closed.get(closed.api("/v1/stats"), "Authorization", "Bearer " + writer), 403, "forbidden");
            String reader = closed.token("{\"roles\":[\"reader\"]}");
            assertThat(closed.get(closed.api("/v1/stats"), "Authorization", "Bearer " + reader).statusCode()).isEqualTo(200);
        }
    }
}
