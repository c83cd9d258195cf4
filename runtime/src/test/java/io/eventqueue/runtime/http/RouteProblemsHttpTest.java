package io.eventqueue.runtime.http;

import io.eventqueue.runtime.testing.TestRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Every resource answers problems the same way: authentication, unknown methods, unknown paths, with or without filters. */
class RouteProblemsHttpTest {
    private static final String LOG = "{\"event\":{\"event_type\":\"log\",\"level\":\"info\",\"message\":\"hello\"}}";

    @TempDir
    Path dir;

    @Test
    void deadLetterRoutesGetProblemsAnd405LikeTheEventRoutes() {
        try (TestRuntime server = TestRuntime.start(dir)) {
            BadInputHttpTest.problem(server.get(server.api("/v1/dlq")), 401, "authentication-required");
            HttpResponse<String> listed = server.get(server.api("/v1/dlq"), "Authorization", "Bearer " + server.token());
            assertThat(listed.statusCode()).isEqualTo(200);
            assertThat(TestRuntime.json(listed.body()).at("/result/total").asInt()).isZero();
            BadInputHttpTest.problem(server.post("/v1/dlq", ""), 405, "method-not-allowed");
        }
    }

    @Test
    void withAFilterOnTheSocketErrorAnswersStayTheSame() {
        // A filter (here the access log) sends unmatched requests through the routing's error handlers instead of
        // Helidon's direct handler; both paths must give the same problems.
        try (TestRuntime server = TestRuntime.start(dir, "--log.access=true")) {
            BadInputHttpTest.problem(server.get(server.api("/nowhere")), 404, "not-found");
            HttpResponse<String> r = server.get(server.api("/v1/tokens"));
            BadInputHttpTest.problem(r, 405, "method-not-allowed");
            assertThat(r.headers().firstValue("Allow")).contains("POST");
            assertThat(server.postEvent(server.token(), LOG).statusCode()).isEqualTo(202);
        }
    }
}
