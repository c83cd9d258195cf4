package io.eventqueue.runtime.http;

import io.eventqueue.runtime.testing.TestRuntime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventqueue.runtime.config.Roles;
import io.eventqueue.runtime.auth.SigningKey;
import io.eventqueue.runtime.auth.TokenIssuer;
import io.eventqueue.runtime.config.Secret;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every class of bad input gets its exact status and problem type, as application/problem+json, never a stack trace. */
class BadInputHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LOG = "{\"event\":{\"event_type\":\"log\",\"level\":\"info\",\"message\":\"hello\"}}";
    private static final String PROBLEMS = "https://eventqueue.io/problems/";

    @TempDir
    static Path dir;
    static TestRuntime server;
    static String token;

    @BeforeAll
    static void start() {
        server = TestRuntime.start(dir, "--server.max-body-bytes=64KiB", "--queue.max-event-bytes=4KiB",
                "--queue.batch-max=3");
        token = server.token();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Asserts the problem document and returns it. */
    static JsonNode problem(HttpResponse<String> r, int status, String type) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).contains("application/problem+json");
        JsonNode p;
        try {
            p = JSON.readTree(r.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + r.body());
        }
        assertThat(p.path("type").asText()).isEqualTo(PROBLEMS + type);
        assertThat(p.path("status").asInt()).isEqualTo(status);
        assertThat(p.path("title").asText()).isNotBlank();
        assertThat(p.path("detail").asText()).isNotBlank();
        assertThat(p.path("request_id").asText()).isNotBlank();
        assertThat(r.body()).doesNotContain("Exception", "\tat ");
        return p;
    }

    private static HttpResponse<String> withToken(String bearer, String body) {
        return server.post("/v1/events", body, "Authorization", "Bearer " + bearer, "Content-Type", "application/json");
    }

    @Test
    void malformedJson() {
        JsonNode p = problem(server.postEvent(token, "{\"event\": {"), 400, "malformed-json");
        assertThat(p.path("detail").asText()).startsWith("malformed JSON");
    }

    @Test
    void wrongContentType() {
        problem(server.post("/v1/events", LOG, "Authorization", "Bearer " + token, "Content-Type", "text/plain"),
                415, "unsupported-media-type");
        problem(server.post("/v1/events", LOG, "Authorization", "Bearer " + token,
                "Content-Type", "application/x-www-form-urlencoded"), 415, "unsupported-media-type");
    }

    @Test
    void missingToken() {
        HttpResponse<String> r = server.post("/v1/events", LOG, "Content-Type", "application/json");
        problem(r, 401, "authentication-required");
        assertThat(r.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"eventqueue\"");
    }

    @Test
    void malformedToken() {
        HttpResponse<String> r = withToken("not.a.jwt", LOG);
        problem(r, 401, "invalid-token");
        assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("error=\"invalid_token\"");
    }

    @Test
    void expiredToken() {
        TokenIssuer past = new TokenIssuer(SigningKey.of(Secret.of(TestRuntime.JWT_KEY)), "eventqueue", "eventqueue",
                Clock.fixed(Instant.now().minus(Duration.ofHours(3)), ZoneOffset.UTC));
        HttpResponse<String> r = withToken(past.issue("admin", Roles.ALL, Duration.ofHours(1)).token(), LOG);
        problem(r, 401, "token-expired");
        assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("error=\"invalid_token\"");
    }

    @Test
    void wronglySignedToken() {
        TokenIssuer forger = new TokenIssuer(SigningKey.of(Secret.of("a-completely-different-key-0123456789")),
                "eventqueue", "eventqueue", Clock.systemUTC());
        problem(withToken(forger.issue("admin", Roles.ALL, Duration.ofHours(1)).token(), LOG), 401, "invalid-token");
    }

    @Test
    void tokenWithoutTheWriterRoleIsForbidden() {
        String reader = server.token("{\"subject\":\"dashboard\",\"roles\":[\"reader\"],\"ttl\":\"5m\"}");
        HttpResponse<String> r = withToken(reader, LOG);
        problem(r, 403, "forbidden");
        assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("insufficient_scope");
    }

    @Test
    void wrongAdminCredentials() {
        HttpResponse<String> r = server.post("/v1/tokens", "", "Authorization", TestRuntime.basic("admin", "wrong-password"));
        problem(r, 401, "invalid-credentials");
        assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Basic realm=\"eventqueue\"");
        HttpResponse<String> none = server.post("/v1/tokens", "");
        problem(none, 401, "authentication-required");
        assertThat(none.headers().firstValue("WWW-Authenticate")).isPresent();
    }

    @Test
    void tokenRequestOutOfLimits() {
        HttpResponse<String> r = server.post("/v1/tokens", "{\"roles\":[\"root\"],\"ttl\":\"48h\"}",
                "Authorization", TestRuntime.basic("admin", TestRuntime.ADMIN_PASSWORD), "Content-Type", "application/json");
        JsonNode p = problem(r, 400, "validation-failed");
        assertThat(p.path("errors").findValuesAsText("field")).contains("roles", "ttl");
    }

    @Test
    void unknownEventTypeInStrictModeListsTheKnownOnes(@TempDir Path strictDir) {
        try (TestRuntime strict = TestRuntime.start(strictDir, "--events.types.mode=strict")) {
            JsonNode p = problem(strict.postEvent(strict.token(), "{\"event\":{\"event_type\":\"alarm\",\"message\":\"x\"}}"),
                    400, "unknown-event-type");
            assertThat(p.path("known_types").toString()).isEqualTo("[\"log\",\"metric\"]");
            assertThat(p.path("detail").asText()).contains("log, metric");
        }
    }

    @Test
    void invalidFieldValues() {
        JsonNode p = problem(server.postEvent(token, "{\"event\":{\"event_type\":\"log\",\"level\":\"shouting\"}}"),
                400, "validation-failed");
        assertThat(p.path("errors").findValuesAsText("field")).containsExactlyInAnyOrder("event.level", "event.message");
        problem(server.postEvent(token, "{\"event\":{\"event_type\":\"metric\",\"value\":\"high\"}}"), 400, "validation-failed");
    }

    @Test
    void oversizedBody() throws IOException {
        // Raw socket: the server answers before reading the body, which a JDK client may report as a broken pipe.
        String body = "{\"event\":{\"event_type\":\"log\",\"level\":\"info\",\"message\":\"" + "x".repeat(70 * 1024) + "\"}}";
        String response = rawPost("/v1/events", body.getBytes(StandardCharsets.UTF_8));
        assertThat(response).startsWith("HTTP/1.1 413");
        assertThat(response).contains("application/problem+json", PROBLEMS + "payload-too-large");
    }

    @Test
    void eventOverTheEventSizeLimit() {
        String body = "{\"event\":{\"event_type\":\"log\",\"level\":\"info\",\"message\":\"" + "x".repeat(5000) + "\"}}";
        problem(server.postEvent(token, body), 413, "event-too-large");
    }

    @Test
    void batchTooLong() {
        String batch = "[" + String.join(",", List.of(LOG, LOG, LOG, LOG)) + "]";
        problem(server.post("/v1/events/batch", batch, "Authorization", "Bearer " + token,
                "Content-Type", "application/json"), 413, "batch-too-large");
    }

    @Test
    void unknownPathAndWrongMethod() {
        problem(server.get(server.api("/v2/anything")), 404, "not-found");
        HttpResponse<String> r = server.send(HttpRequest.newBuilder(server.api("/v1/events"))
                .header("Authorization", "Bearer " + token).DELETE().build());
        problem(r, 405, "method-not-allowed");
        assertThat(r.headers().firstValue("Allow")).hasValueSatisfying(allow -> assertThat(allow).contains("POST", "GET"));
        problem(server.send(HttpRequest.newBuilder(server.api("/v1/stats"))
                .DELETE().build()), 405, "method-not-allowed");
    }

    @Test
    void theServerStaysHealthyAfterBadInput() {
        for (String bad : List.of("", "null", "[]", "{\"event\":null}", "\u0000\u0001", "{\"event\":{\"event_type\":[]}}")) {
            assertThat(server.postEvent(token, bad).statusCode()).as(bad).isBetween(400, 499);
        }
        assertThat(server.postEvent(token, LOG).statusCode()).isEqualTo(202);
    }

    @Test
    void oversizedHeadersAndBrokenRequestLinesAreProblemsToo() throws IOException {
        String headers = rawRequest("GET /v1/stats HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20 * 1024) + "\r\n\r\n");
        assertThat(headers).matches("(?s)HTTP/1.1 (431|400) .*").contains("application/problem+json", PROBLEMS);
        String garbage = rawRequest("GET /v1/stats HTTP/1.1\r\nHost: x\r\nthis header has no colon\r\n\r\n");
        assertThat(garbage).startsWith("HTTP/1.1 400").contains("application/problem+json", PROBLEMS + "bad-request");
    }

    static String rawRequest(String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.runtime.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            return readResponse(s.getInputStream());
        }
    }

    private static String readResponse(InputStream in) throws IOException {
        byte[] buf = new byte[8192];
        int n;
        StringBuilder text = new StringBuilder();
        while ((n = in.read(buf)) > 0) {
            text.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            if (text.indexOf("\r\n\r\n") > 0 && text.toString().contains("}")) {
                break;
            }
        }
        return text.toString();
    }

    static String rawPost(String path, byte[] body) throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.runtime.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            try {
                out.write(body);
                out.flush();
            } catch (IOException ignored) {
                // The server may answer and close before taking the whole body; the answer is what we assert on.
            }
            return readResponse(s.getInputStream());
        }
    }
}
