package io.eventqueue.runtime.http;

import io.eventqueue.runtime.event.Event;
import io.eventqueue.runtime.observe.PipelineListener;
import io.eventqueue.runtime.observe.RejectReason;
import io.eventqueue.runtime.queue.Admission;
import io.eventqueue.runtime.queue.EventAdmission;
import io.helidon.http.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The hooks other capabilities plug into: request guard, admission wrapper, extra routes, listeners. */
class ExtensionPointsHttpTest {
    private static final String LOG = "{\"event\":{\"event_type\":\"log\",\"level\":\"info\",\"message\":\"hello\"}}";

    @TempDir
    Path dir;

    @Test
    void guardCanRefuseWith429AndItIsCounted() {
        EventRequestGuard guard = new EventRequestGuard() {
            @Override
            public void check(io.helidon.webserver.http.ServerRequest request, io.eventqueue.runtime.auth.Principal p) {
                if (p.subject().equals("noisy")) {
                    throw new ProblemException(ProblemType.RATE_LIMITED, "slow down").header("Retry-After", "2");
                }
            }
        };
        try (TestRuntime server = TestRuntime.start(dir, b -> b.eventRequestGuard(guard))) {
            String noisy = server.token("{\"subject\":\"noisy\"}");
            HttpResponse<String> r = server.postEvent(noisy, LOG);
            BadInputHttpTest.problem(r, 429, "rate-limited");
            assertThat(r.headers().firstValue("Retry-After")).contains("2");
            assertThat(server.runtime.stats().rejected().get(RejectReason.RATE_LIMITED)).isEqualTo(1);
            assertThat(server.postEvent(server.token(), LOG).statusCode()).isEqualTo(202);
        }
    }

    @Test
    void admissionCanBeWrappedAndListenersSeeEveryAcceptedEvent() {
        AtomicInteger journaled = new AtomicInteger();
        List<String> seen = new CopyOnWriteArrayList<>();
        try (TestRuntime server = TestRuntime.start(dir, b -> b
                .admission(queue -> new EventAdmission() {
                    @Override
                    public Admission offer(Event event) {
                        journaled.incrementAndGet();
                        return queue.offer(event);
                    }

                    @Override
                    public Admission offerAll(List<Event> events) {
                        journaled.addAndGet(events.size());
                        return queue.offerAll(events);
                    }

                    @Override
                    public void close() {
                        queue.close();
                    }

                    @Override
                    public boolean isClosed() {
                        return queue.isClosed();
                    }
                })
                .addListener(new PipelineListener() {
                    @Override
                    public void accepted(Event event) {
                        seen.add(event.id());
                    }
                }))) {
            assertThat(server.postEvent(server.token(), LOG).statusCode()).isEqualTo(202);
            assertThat(journaled.get()).isEqualTo(1);
            assertThat(seen).hasSize(1);
        }
    }

    @Test
    void extraRoutesGetProblemsAnd405LikeBuiltIns() {
        try (TestRuntime server = TestRuntime.start(dir, b -> b.addApiRoutes(ext -> {
            ext.routes().allow("GET", "/v1/dlq");
            ext.routing().get("/v1/dlq", (req, res) -> {
                ext.auth().authenticate(req, "admin");
                res.status(Status.OK_200).send("[]");
            });
        }))) {
            BadInputHttpTest.problem(server.get(server.api("/v1/dlq")), 401, "authentication-required");
            assertThat(server.get(server.api("/v1/dlq"), "Authorization", "Bearer " + server.token()).body()).isEqualTo("[]");
            BadInputHttpTest.problem(server.post("/v1/dlq", ""), 405, "method-not-allowed");
        }
    }

    @Test
    void withAFilterOnTheSocketErrorAnswersStayTheSame() {
        // A filter (here the access log) sends unmatched requests through the routing's error handlers instead of
        // Helidon's direct handler; both paths must give the same problems.
        try (TestRuntime server = TestRuntime.start(dir, "--log.access=true")) {
            BadInputHttpTest.problem(server.get(server.api("/nowhere")), 404, "not-found");
            HttpResponse<String> r = server.get(server.api("/v1/events/batch"));
            BadInputHttpTest.problem(r, 405, "method-not-allowed");
            assertThat(r.headers().firstValue("Allow")).contains("POST");
            assertThat(server.postEvent(server.token(), LOG).statusCode()).isEqualTo(202);
        }
    }
}
