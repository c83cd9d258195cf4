package io.eventqueue.runtime.http;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Problem+json for answers Helidon gives outside the routing's error handlers (unparseable requests, headers over
 * {@code server.max-header-bytes}, no matching route when the socket has no filters), so none is plain text.
 */
public final class TransportProblems implements DirectHandler {
    private static final AtomicLong COUNTER = new AtomicLong();

    private final KnownRoutes routes;

    private TransportProblems(KnownRoutes routes) {
        this.routes = routes;
    }

    /** @param routes the socket's routes, to tell 405 from 404 */
    public static DirectHandlers handlers(KnownRoutes routes) {
        TransportProblems handler = new TransportProblems(routes);
        DirectHandlers.Builder b = DirectHandlers.builder();
        for (EventType type : EventType.values()) {
            b.addHandler(type, handler);
        }
        return b.build();
    }

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status status,
                                    ServerResponseHeaders responseHeaders, String message) {
        ProblemException problem;
        if (status.code() == Status.NOT_FOUND_404.code()) {
            problem = ErrorHandling.noRoute(routes, request.method(), request.path());
        } else {
            ProblemType type = switch (status.code()) {
                case 400 -> ProblemType.BAD_REQUEST;
                case 413 -> ProblemType.PAYLOAD_TOO_LARGE;
                case 431 -> ProblemType.HEADERS_TOO_LARGE;
                case 500 -> ProblemType.INTERNAL_ERROR;
                default -> ProblemType.HTTP_ERROR;
            };
            // Helidon's message can echo request bytes; the problem keeps to a fixed text per status.
            problem = new ProblemException(type, status, detail(status));
        }
        problem.headers().forEach((name, value) -> responseHeaders.set(HeaderNames.create(name), value));
        String requestId = "transport-" + Long.toHexString(COUNTER.incrementAndGet());
        responseHeaders.set(HeaderNames.CONTENT_TYPE, ErrorHandling.PROBLEM_JSON);
        responseHeaders.set(RequestIds.HEADER, requestId);
        return TransportResponse.builder()
                .status(problem.status())
                .headers(responseHeaders)
                .entity(ErrorHandling.body(problem, requestId, problem.type() == ProblemType.NOT_FOUND
                        || problem.type() == ProblemType.METHOD_NOT_ALLOWED ? request.path() : null))
                .keepAlive(eventType.keepAlive())
                .build();
    }

    private static String detail(Status status) {
        return switch (status.code()) {
            case 400 -> "the request could not be parsed as HTTP/1.1";
            case 413 -> "the request is too large";
            case 431 -> "the request headers are too large";
            case 500 -> "the server could not handle this request";
            default -> status.reasonPhrase();
        };
    }
}
