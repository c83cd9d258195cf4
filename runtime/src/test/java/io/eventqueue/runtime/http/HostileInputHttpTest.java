package io.eventqueue.runtime.http;

import io.eventqueue.runtime.testing.TestRuntime;

import static io.eventqueue.runtime.http.RawHttp.ascii;
import static io.eventqueue.runtime.http.RawHttp.concat;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile requests, sent over raw sockets so nothing is cleaned up by a client library. Each one gets its exact
 * status and problem type, and afterwards the server still answers {@code /health/live} and accepts a valid event.
 */
class HostileInputHttpTest {
    private static final String PROBLEMS = "https://eventqueue.io/problems/";
    private static final String LOG = "{\"event\":{\"event_type\":\"log\",\"level\":\"info\",\"message\":\"hello\"}}";
    private static final int BATCH_MAX = 5;
    /** The server closes the connection without answering: the bytes are not HTTP/1 at all. */
    private static final int NO_ANSWER = 0;

    @TempDir
    static Path dir;
    static TestRuntime server;
    static String token;

    @BeforeAll
    static void start() {
        server = TestRuntime.start(dir, "--server.max-body-bytes=64KiB", "--queue.max-event-bytes=4KiB",
                "--queue.batch-max=" + BATCH_MAX, "--server.read-timeout=1s");
        token = server.token();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /**
     * One hostile request.
     *
     * @param answers   how many answers to read (pipelining)
     * @param halfClose shut the socket's output after sending, as a client that stops mid-body
     * @param status    expected status of the last answer
     * @param type      expected problem type slug of the last answer, or null for a success
     */
    record Case(String name, byte[] request, int answers, boolean halfClose, int status, String type) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Case problem(String name, byte[] request, int status, String type) {
        return new Case(name, request, 1, false, status, type);
    }

    private static byte[] post(String path, String contentType, byte[] body, String... extraHeaderLines) {
        StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                + token + "\r\n");
        if (contentType != null) {
            head.append("Content-Type: ").append(contentType).append("\r\n");
        }
        for (String line : extraHeaderLines) {
            head.append(line).append("\r\n");
        }
        head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        return concat(ascii(head.toString()), body);
    }

    private static byte[] postJson(String body) {
        return post("/v1/events", "application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] postJsonBytes(byte[] body) {
        return post("/v1/events", "application/json", body);
    }

    private static byte[] get(String target) {
        return ascii("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token + "\r\n\r\n");
    }

    private static String logWithMessage(String messageJson) {
        return "{\"event\":{\"event_type\":\"log\",\"level\":\"info\",\"message\":" + messageJson + "}}";
    }

    private static String metricWithValue(String valueJson) {
        return "{\"event\":{\"event_type\":\"metric\",\"name\":\"m\",\"value\":" + valueJson + "}}";
    }

    private static String cloudEventWithId(String idJson) {
        return "{\"specversion\":\"1.0\",\"id\":" + idJson + ",\"source\":\"/hostile\",\"type\":\"log\","
                + "\"data\":{\"level\":\"info\",\"message\":\"x\"}}";
    }

    static Stream<Case> cases() {
        List<Case> c = new ArrayList<>();
        // Oversized headers and request lines.
        c.add(problem("header value over the header limit",
                ascii("GET /v1/stats HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20 * 1024) + "\r\n\r\n"),
                400, "bad-request"));
        c.add(problem("thousands of small headers",
                ascii("GET /v1/stats HTTP/1.1\r\nHost: x\r\n" + "X-A: b\r\n".repeat(4000) + "\r\n"),
                400, "bad-request"));
        c.add(problem("bearer token of 100 KiB",
                ascii("GET /v1/stats HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + "a".repeat(100 * 1024)
                        + "\r\n\r\n"), 400, "bad-request"));
        c.add(problem("request target of 20 KiB", ascii("GET /v1/" + "a".repeat(20 * 1024) + " HTTP/1.1\r\nHost: x\r\n\r\n"),
                414, "http-error"));
        // Broken HTTP framing.
        c.add(problem("header line without a colon",
                ascii("GET /v1/stats HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n"), 400, "bad-request"));
        c.add(problem("garbage request line: not HTTP, so closed without an answer", ascii("GARBAGE\r\n\r\n"),
                NO_ANSWER, null));
        c.add(problem("bare LF line endings and a CR in a header value",
                ascii("GET /v1/stats HTTP/1.1\r\nHost: x\r\nX-Evil: a\rb\r\n\r\n"), 400, "bad-request"));
        c.add(problem("content-length and transfer-encoding together (smuggling)",
                concat(ascii("POST /v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token
                        + "\r\nContent-Type: application/json\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"),
                        ascii("0\r\n\r\n")), 400, "bad-request"));
        c.add(problem("negative content-length",
                ascii("POST /v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token
                        + "\r\nContent-Type: application/json\r\nContent-Length: -5\r\n\r\n"),
                400, "bad-request"));
        c.add(problem("non-numeric content-length",
                ascii("POST /v1/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1e3\r\n\r\n"),
                400, "bad-request"));
        c.add(problem("two different content-lengths",
                ascii("POST /v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token
                        + "\r\nContent-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}"),
                400, "bad-request"));
        c.add(problem("invalid chunk size",
                ascii("POST /v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token + "\r\n"
                        + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n"),
                400, "bad-request"));
        c.add(problem("HTTP/2.0 in an HTTP/1 request line: closed without an answer",
                ascii("GET /v1/stats HTTP/2.0\r\nHost: x\r\n\r\n"), NO_ANSWER, null));
        c.add(problem("NUL byte in the path", ascii("GET /v1/events/\u0000 HTTP/1.1\r\nHost: x\r\n\r\n"),
                400, "bad-request"));
        // Methods and paths.
        c.add(problem("unknown method", ascii("BREW /v1/events HTTP/1.1\r\nHost: x\r\n\r\n"),
                405, "method-not-allowed"));
        c.add(problem("TRACE", ascii("TRACE /v1/events HTTP/1.1\r\nHost: x\r\n\r\n"), 405, "method-not-allowed"));
        c.add(problem("path traversal in an event id", get("/v1/events/../../../etc/passwd"), 404, "not-found"));
        c.add(problem("encoded path traversal in an event id", get("/v1/events/%2e%2e%2f%2e%2e%2fetc%2fpasswd"),
                404, "not-found"));
        c.add(problem("encoded NUL in an event id", get("/v1/events/abc%00def"), 404, "not-found"));
        c.add(problem("token in the query string", concat(ascii("POST /v1/events?access_token=" + token
                + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " + LOG.length()
                + "\r\n\r\n"), ascii(LOG)), 400, "bad-request"));
        // Bodies: size, truncation, slowness.
        c.add(problem("body over the body limit", postJson(logWithMessage("\"" + "x".repeat(70 * 1024) + "\"")),
                413, "payload-too-large"));
        c.add(problem("chunked body over the body limit", concat(ascii("POST /v1/events HTTP/1.1\r\nHost: x\r\n"
                + "Authorization: Bearer " + token + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked"
                + "\r\n\r\n"), chunks(80 * 1024)), 413, "payload-too-large"));
        c.add(new Case("body shorter than its content-length, then the client stops sending",
                concat(ascii("POST /v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token
                        + "\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n"), ascii(LOG)),
                1, true, 400, "bad-request"));
        c.add(problem("empty body", postJson(""), 400, "malformed-json"));
        // JSON that tries to exhaust the parser.
        c.add(problem("arrays nested 10,000 deep", postJson(logWithMessage("[".repeat(10_000) + "]".repeat(10_000))),
                400, "malformed-json"));
        c.add(problem("objects nested 10,000 deep",
                postJson(logWithMessage("{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000))), 400, "malformed-json"));
        c.add(problem("number with 5,000 digits", postJson(metricWithValue("1".repeat(5_000))), 400, "malformed-json"));
        c.add(problem("number 1e400", postJson(metricWithValue("1e400")), 400, "validation-failed"));
        c.add(problem("NaN", postJson(metricWithValue("NaN")), 400, "malformed-json"));
        c.add(problem("Infinity", postJson(metricWithValue("Infinity")), 400, "malformed-json"));
        c.add(problem("-Infinity", postJson(metricWithValue("-Infinity")), 400, "malformed-json"));
        c.add(problem("string bigger than an event may be", postJson(logWithMessage("\"" + "x".repeat(8_000) + "\"")),
                413, "event-too-large"));
        c.add(problem("invalid UTF-8", postJsonBytes(concat(ascii("{\"event\":{\"event_type\":\"log\",\"level\":"
                + "\"info\",\"message\":\"a"), new byte[] {(byte) 0xC3, 0x28}, ascii("\"}}"))), 400, "malformed-json"));
        c.add(problem("overlong UTF-8 encoding of '/'", postJsonBytes(concat(ascii("{\"event\":{\"event_type\":\"log\","
                + "\"level\":\"info\",\"message\":\"a"), new byte[] {(byte) 0xC0, (byte) 0xAF}, ascii("\"}}"))),
                400, "malformed-json"));
        c.add(problem("lone high surrogate escape", postJson(logWithMessage("\"a\\ud800b\"")), 400, "malformed-json"));
        c.add(problem("lone low surrogate escape", postJson(logWithMessage("\"\\udc00\"")), 400, "malformed-json"));
        c.add(problem("reversed surrogate pair", postJson(logWithMessage("\"\\ude00\\ud83d\"")), 400,
                "malformed-json"));
        c.add(new Case("a proper surrogate pair and an escaped backslash are fine",
                postJson(logWithMessage("\"smile \\ud83d\\ude00 \\\\ud800\"")), 1, false, 202, null));
        c.add(problem("duplicate keys", postJson("{\"event\":{\"event_type\":\"log\",\"event_type\":\"metric\","
                + "\"level\":\"info\",\"message\":\"m\"}}"), 400, "malformed-json"));
        c.add(problem("trailing garbage after the JSON", postJson(LOG + " trailing"), 400, "malformed-json"));
        c.add(problem("two JSON documents", postJson(LOG + LOG), 400, "malformed-json"));
        c.add(problem("JSON null", postJson("null"), 400, "malformed-json"));
        // Content types.
        c.add(problem("text/plain content type", post("/v1/events", "text/plain", ascii(LOG)), 415,
                "unsupported-media-type"));
        c.add(problem("missing content type", post("/v1/events", null, ascii(LOG)), 415, "unsupported-media-type"));
        c.add(problem("UTF-16 JSON", post("/v1/events", "application/json; charset=utf-16",
                LOG.getBytes(StandardCharsets.UTF_16)), 400, "malformed-json"));
        c.add(problem("multipart form", post("/v1/events", "multipart/form-data; boundary=x", ascii(LOG)), 415,
                "unsupported-media-type"));
        // Ids with control characters.
        c.add(problem("CRLF in a CloudEvents id", post("/v1/events", "application/cloudevents+json",
                ascii(cloudEventWithId("\"a\\r\\nInjected: yes\""))), 400, "validation-failed"));
        c.add(problem("NUL and escape characters in a CloudEvents id", post("/v1/events", "application/cloudevents+json",
                ascii(cloudEventWithId("\"a\\u0000\\u001b[31m\""))), 400, "validation-failed"));
        c.add(problem("control character in a binary-mode ce-id header", post("/v1/events", "application/json",
                ascii("{\"level\":\"info\",\"message\":\"x\"}"), "ce-specversion: 1.0", "ce-id: a\u0001b",
                "ce-source: /hostile", "ce-type: log"), 400, "bad-request"));
        c.add(problem("CRLF in a native event id", postJson("{\"event\":{\"event_type\":\"log\",\"event_id\":"
                + "\"x\\r\\ny\",\"level\":\"info\",\"message\":\"m\"}}"), 400, "validation-failed"));
        // Batches.
        c.add(problem("batch of 0", post("/v1/events/batch", "application/json", ascii("[]")), 400,
                "validation-failed"));
        c.add(problem("batch of max+1", post("/v1/events/batch", "application/json",
                ascii("[" + String.join(",", java.util.Collections.nCopies(BATCH_MAX + 1, LOG)) + "]")), 413,
                "batch-too-large"));
        c.add(problem("batch that is an object", post("/v1/events/batch", "application/json", ascii(LOG)), 400,
                "malformed-json"));
        // Tokens.
        c.add(problem("alg none token", concat(ascii("POST /v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                + unsignedToken() + "\r\nContent-Type: application/json\r\nContent-Length: " + LOG.length()
                + "\r\n\r\n"), ascii(LOG)), 401, "invalid-token"));
        return c.stream();
    }

    private static byte[] chunks(int total) {
        StringBuilder body = new StringBuilder();
        String chunk = "x".repeat(1024);
        for (int sent = 0; sent < total; sent += chunk.length()) {
            body.append("400\r\n").append(chunk).append("\r\n");
        }
        return ascii(body.append("0\r\n\r\n").toString());
    }

    private static String unsignedToken() {
        java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
        long exp = java.time.Instant.now().getEpochSecond() + 600;
        return b64.encodeToString(ascii("{\"alg\":\"none\",\"typ\":\"JWT\"}")) + "."
                + b64.encodeToString(ascii("{\"sub\":\"x\",\"roles\":[\"admin\"],\"iss\":\"eventqueue\","
                + "\"aud\":\"eventqueue\",\"exp\":" + exp + "}")) + ".";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void hostileRequestGetsItsProblemAndTheServerKeepsServing(Case c) throws IOException {
        List<RawHttp.Response> answers = RawHttp.exchange(server.runtime.port(), c.request(), c.answers(),
                c.halfClose());
        if (c.status() == NO_ANSWER) {
            assertThat(answers).as(c.name()).isEmpty();
            assertStillServing();
            return;
        }
        assertThat(answers).as(c.name()).isNotEmpty();
        RawHttp.Response last = answers.getLast();
        assertThat(last.status()).as(c.name() + ": " + last.body()).isEqualTo(c.status());
        assertThat(last.type()).as(c.name() + ": " + last.body()).isEqualTo(c.type() == null ? null : PROBLEMS + c.type());
        assertThat(last.body()).doesNotContain("Exception", "\tat ");
        assertThat(last.headers()).containsEntry("x-content-type-options", "nosniff").doesNotContainKey("server");
        assertStillServing();
    }

    @Test
    void aBodyThatTricklesIsCutOffAtTheReadTimeout() throws IOException {
        byte[] head = ascii("POST /v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token
                + "\r\nContent-Type: application/json\r\nContent-Length: " + LOG.length() + "\r\n\r\n");
        long started = System.nanoTime();
        // 60+ bytes at one per 200 ms would take over 12 s; server.read-timeout is 1 s.
        List<RawHttp.Response> answers = RawHttp.trickle(server.runtime.port(), head, ascii(LOG), 200);
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - started)).isLessThan(java.time.Duration.ofSeconds(6));
        assertThat(answers).as("the connection is closed without an answer").isEmpty();
        assertStillServing();
    }

    /** Helidon 4.1's HTTP/1 listener speaks HTTP/1.1 only: an HTTP/1.0 request is closed without an answer. */
    @Test
    void http10RequestsAreClosedWithoutHarm() throws IOException {
        List<RawHttp.Response> answers = RawHttp.exchange(server.runtime.port(), concat(ascii(
                "POST /v1/events HTTP/1.0\r\nAuthorization: Bearer " + token + "\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + LOG.length() + "\r\n\r\n"), ascii(LOG)), 1, false);
        assertThat(answers).isEmpty();
        assertStillServing();
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws IOException {
        byte[] valid = postJson(LOG);
        byte[] invalid = postJson("{");
        List<RawHttp.Response> answers = RawHttp.exchange(server.runtime.port(), concat(valid, invalid, valid), 3,
                false);
        assertThat(answers).extracting(RawHttp.Response::status).containsExactly(202, 400, 202);
        assertThat(answers.get(1).type()).isEqualTo(PROBLEMS + "malformed-json");
        assertStillServing();
    }

    private static void assertStillServing() {
        assertThat(server.get(server.management("/health/live")).statusCode()).isEqualTo(200);
        assertThat(server.postEvent(token, LOG).statusCode()).isEqualTo(202);
    }
}
