package io.eventqueue.runtime.http;

import io.eventqueue.runtime.testing.TestRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
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
    void theEventPostingPathsAnswerOtherMethodsWith405AllowPostEvenWhereAnEventIdCouldStand() {
        // GET /v1/events/{id} reads an event back; batch and validate are not ids but POST-only resources.
        try (TestRuntime server = TestRuntime.start(dir)) {
            String bearer = "Bearer " + server.token();
            for (String path : new String[]{"/v1/events/batch", "/v1/events/validate", "/api/v1/events/batch",
                    "/api/v1/events/validate"}) {
                for (String method : new String[]{"GET", "PUT", "DELETE", "PATCH"}) {
                    HttpResponse<String> r = server.send(HttpRequest.newBuilder(server.api(path))
                            .method(method, HttpRequest.BodyPublishers.noBody()).header("Authorization", bearer).build());
                    BadInputHttpTest.problem(r, 405, "method-not-allowed");
                    assertThat(r.headers().firstValue("Allow")).as(method + " " + path).contains("POST");
                    assertThat(TestRuntime.json(r.body()).path("instance").asText()).isEqualTo(path);
                }
            }
            HttpResponse<String> anonymous = server.get(server.api("/v1/events/validate"));
            BadInputHttpTest.problem(anonymous, 405, "method-not-allowed");
            assertThat(anonymous.headers().firstValue("Allow")).contains("POST");
            BadInputHttpTest.problem(server.get(server.api("/v1/events/some-id"), "Authorization", bearer), 404, "not-found");
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
