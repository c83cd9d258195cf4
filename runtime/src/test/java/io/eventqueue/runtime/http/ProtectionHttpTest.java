package io.eventqueue.runtime.http;

import io.eventqueue.runtime.testing.TestRuntime;

import static io.eventqueue.runtime.http.BadInputHttpTest.problem;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Roles, rate limits, the login throttle and response headers, seen through real HTTP. */
class ProtectionHttpTest {
    private static final String LOG = "{\"event\":{\"event_type\":\"log\",\"level\":\"info\",\"message\":\"hello\"}}";
    private static final String BATCH_OF_3 = "[" + LOG + "," + LOG + "," + LOG + "]";

    @TempDir
    Path dir;

    @Test
    void aReaderTokenIsForbiddenToWriteAndAnAdminTokenMayDoEverything() {
        try (TestRuntime server = TestRuntime.start(dir)) {
            String reader = server.token("{\"roles\":[\"reader\"]}");
            HttpResponse<String> forbidden = server.postEvent(reader, LOG);
            problem(forbidden, 403, "forbidden");
            assertThat(forbidden.headers().firstValue("WWW-Authenticate").orElseThrow())
                    .startsWith("Bearer").contains("insufficient_scope");

            String admin = server.token("{\"roles\":[\"admin\"]}");
            assertThat(server.postEvent(admin, LOG).statusCode()).isEqualTo(202);
            String writer = server.token("{\"roles\":[\"writer\"],\"subject\":\"billing\",\"ttl\":\"5m\"}");
            assertThat(server.postEvent(writer, LOG).statusCode()).isEqualTo(202);
        }
    }

    @Test
    void missingOrInvalidCredentialsAre401WithAChallenge() {
        try (TestRuntime server = TestRuntime.start(dir)) {
            HttpResponse<String> none = server.post("/v1/events", LOG, "Content-Type", "application/json");
            problem(none, 401, "authentication-required");
            assertThat(none.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"eventqueue\"");

            HttpResponse<String> bad = server.postEvent("not.a.token", LOG);
            problem(bad, 401, "invalid-token");
            assertThat(bad.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("invalid_token");

            HttpResponse<String> basic = server.post("/v1/tokens", "", "Authorization",
                    TestRuntime.basic("admin", "wrong-password"));
            problem(basic, 401, "invalid-credentials");
            assertThat(basic.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Basic");
        }
    }

    @Test
    void aTokenInTheQueryStringIsRefused() {
        try (TestRuntime server = TestRuntime.start(dir)) {
            String token = server.token();
            problem(server.post("/v1/events?access_token=" + token, LOG, "Content-Type", "application/json"),
                    400, "bad-request");
            problem(server.post("/v1/events?token=" + token, LOG, "Authorization", "Bearer " + token,
                    "Content-Type", "application/json"), 400, "bad-request");
        }
    }

    @Test
    void rateLimitHeadersOnSuccessAnd429WithRetryAfterBeyondTheLimit() {
        try (TestRuntime server = TestRuntime.start(dir, "--enable-rate-limit=true",
                "--global-request-rate-limit=1000", "--per-client-rate-limit=0.01", "--rate-limit.per-client-burst=3")) {
            String token = server.token();
            double clientRefusals = server.metric("eventqueue_rate_limited_total", Map.of("scope", "client")).orElse(0.0);
            HttpResponse<String> first = server.postEvent(token, LOG);
            assertThat(first.statusCode()).isEqualTo(202);
            assertThat(first.headers().firstValue("RateLimit-Limit")).contains("3");
            assertThat(first.headers().firstValue("RateLimit-Remaining")).contains("2");
            assertThat(first.headers().firstValue("RateLimit-Reset")).contains("100");

            assertThat(server.postEvent(token, LOG).statusCode()).isEqualTo(202);
            assertThat(server.postEvent(token, LOG).statusCode()).isEqualTo(202);
            HttpResponse<String> limited = server.postEvent(token, LOG);
            problem(limited, 429, "rate-limited");
            assertThat(limited.headers().firstValue("Retry-After")).contains("100");
            assertThat(limited.headers().firstValue("RateLimit-Limit")).contains("3");
            assertThat(limited.headers().firstValue("RateLimit-Remaining")).contains("0");
            assertThat(server.get(server.api("/v1/stats")).body()).contains("\"rate_limited\":1");
            assertThat(server.metric("eventqueue_rate_limited_total", Map.of("scope", "client"))).contains(clientRefusals + 1);

            // The client is the token's subject: another subject has its own bucket.
            String other = server.token("{\"subject\":\"other-client\"}");
            assertThat(server.postEvent(other, LOG).statusCode()).isEqualTo(202);
        }
    }

    @Test
    void aBatchCountsItsEvents() {
        try (TestRuntime server = TestRuntime.start(dir, "--enable-rate-limit=true",
                "--global-request-rate-limit=1000", "--per-client-rate-limit=0.01", "--rate-limit.per-client-burst=4")) {
            String token = server.token();
            HttpResponse<String> batch = server.post("/v1/events/batch", BATCH_OF_3, "Authorization", "Bearer " + token,
                    "Content-Type", "application/json");
            assertThat(batch.statusCode()).as(batch.body()).isEqualTo(202);
            assertThat(batch.headers().firstValue("RateLimit-Remaining")).contains("1");
            HttpResponse<String> second = server.post("/v1/events/batch", BATCH_OF_3, "Authorization",
                    "Bearer " + token, "Content-Type", "application/json");
            problem(second, 429, "rate-limited");
            assertThat(server.postEvent(token, LOG).statusCode()).isEqualTo(429);
        }
    }

    @Test
    void theGlobalLimitCoversEveryClient() {
        try (TestRuntime server = TestRuntime.start(dir, "--enable-rate-limit=true",
                "--global-request-rate-limit=0.01", "--rate-limit.global-burst=3", "--per-client-rate-limit=1000")) {
            String a = server.token("{\"subject\":\"a\"}");
            String b = server.token("{\"subject\":\"b\"}");
            double globalRefusals = server.metric("eventqueue_rate_limited_total", Map.of("scope", "global")).orElse(0.0);
            assertThat(server.postEvent(a, LOG).statusCode()).isEqualTo(202);
            problem(server.postEvent(b, LOG), 429, "rate-limited");
            assertThat(server.metric("eventqueue_rate_limited_total", Map.of("scope", "global"))).contains(globalRefusals + 1);
        }
    }

    @Test
    void failedLoginsAreThrottledPerAddressEvenForTheRightPassword() {
        try (TestRuntime server = TestRuntime.start(dir, "--auth.login-max-failures=3",
                "--auth.login-failure-window=10m")) {
            assertThat(server.token()).isNotBlank();
            for (int i = 0; i < 3; i++) {
                problem(server.post("/v1/tokens", "", "Authorization", TestRuntime.basic("admin", "guess-" + i)),
                        401, "invalid-credentials");
            }
            HttpResponse<String> throttled = server.post("/v1/tokens", "", "Authorization",
                    TestRuntime.basic("admin", TestRuntime.ADMIN_PASSWORD));
            problem(throttled, 429, "rate-limited");
            assertThat(throttled.headers().firstValue("Retry-After")).contains("200");
        }
    }

    @Test
    void secureResponseHeaders() {
        try (TestRuntime server = TestRuntime.start(dir)) {
            HttpResponse<String> tokenResponse = server.post("/v1/tokens", "", "Authorization",
                    TestRuntime.basic("admin", TestRuntime.ADMIN_PASSWORD));
            assertThat(tokenResponse.headers().firstValue("Cache-Control")).contains("no-store");
            assertThat(tokenResponse.headers().firstValue("X-Content-Type-Options")).contains("nosniff");

            String token = server.token();
            for (HttpResponse<String> r : java.util.List.of(tokenResponse, server.postEvent(token, LOG),
                    server.postEvent("bad", LOG), server.get(server.api("/nowhere")),
                    server.get(server.api("/v1/stats")), server.get(server.management("/health/live")),
                    server.get(server.management("/metrics")))) {
                assertThat(r.headers().firstValue("X-Content-Type-Options")).as(r.uri() + " " + r.statusCode()).contains("nosniff");
                assertThat(r.headers().firstValue("Server")).as(r.uri().toString()).isEmpty();
                assertThat(r.headers().map().keySet()).noneMatch(name -> name.equalsIgnoreCase("X-Powered-By"));
            }
        }
    }
}
