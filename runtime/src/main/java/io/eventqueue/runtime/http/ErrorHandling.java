package io.eventqueue.runtime.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.HttpException;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Every error answer of the API is {@code application/problem+json} (RFC 9457) with a stable {@code type}, the request
 * id, and never a stack trace.
 */
public final class ErrorHandling {
    public static final String PROBLEM_JSON = "application/problem+json";
    private static final System.Logger LOG = System.getLogger(ErrorHandling.class.getName());

    private final KnownRoutes routes;
    private final Consumer<ProblemException> problems;

    public ErrorHandling(KnownRoutes routes) {
        this(routes, problem -> { });
    }

    /** @param problems told every problem answered (metrics count authentication failures and rate limiting) */
    public ErrorHandling(KnownRoutes routes, Consumer<ProblemException> problems) {
        this.routes = routes;
        this.problems = problems;
    }

    public void register(HttpRouting.Builder routing) {
        routing.error(ProblemException.class, (req, res, e) -> {
                    problems.accept(e);
                    send(req, res, e);
                })
                .error(HttpException.class, (req, res, e) -> send(req, res, fromHttpException(req, e)))
                .error(Throwable.class, (req, res, e) -> {
                    String id = RequestIds.of(req);
                    LOG.log(System.Logger.Level.ERROR, "request " + id + " " + req.prologue().method().text() + " "
                            + req.path().path() + " failed", e);
                    send(req, res, id, new ProblemException(ProblemType.INTERNAL_ERROR,
                            "the server could not handle this request; quote request id " + id));
                });
    }

    private ProblemException fromHttpException(ServerRequest req, HttpException e) {
        Status status = e.status();
        if (status.code() == Status.NOT_FOUND_404.code()) {
            return noRoute(routes, req.prologue().method().text(), req.path().path());
        }
        if (status.code() == Status.REQUEST_ENTITY_TOO_LARGE_413.code()) {
            return new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, "the request body is too large");
        }
        if (status.code() == Status.BAD_REQUEST_400.code()) {
            return new ProblemException(ProblemType.BAD_REQUEST, "the request is not valid HTTP for this endpoint");
        }
        return new ProblemException(ProblemType.HTTP_ERROR, status, status.reasonPhrase());
    }

    /** No route matched: 405 with {@code Allow} when the path exists for other methods, else 404. */
    static ProblemException noRoute(KnownRoutes routes, String method, String path) {
        Set<String> allowed = routes.methodsFor(path);
        if (!allowed.isEmpty()) {
            return methodNotAllowed(method, path, allowed);
        }
        return new ProblemException(ProblemType.NOT_FOUND, "no resource at " + path);
    }

    /** 405 with {@code Allow} listing {@code allowed}. */
    static ProblemException methodNotAllowed(String method, String path, Set<String> allowed) {
        String allow = String.join(", ", new TreeSet<>(allowed));
        return new ProblemException(ProblemType.METHOD_NOT_ALLOWED, method + " is not allowed on " + path + "; allowed: "
                + allow).header("Allow", allow);
    }

    private static void send(ServerRequest req, ServerResponse res, ProblemException e) {
        send(req, res, RequestIds.of(req), e);
    }

    static void send(ServerRequest req, ServerResponse res, String requestId, ProblemException e) {
        if (res.isSent()) {
            return;
        }
        res.status(e.status());
        res.header(HeaderValues.create(HeaderNames.CONTENT_TYPE, PROBLEM_JSON));
        res.header(RequestIds.HEADER, requestId);
        // Helidon drops headers set before a handler failed, so the filter's security headers are set again here.
        ProtectionFilter.SecurityHeaders.apply(res);
        for (Map.Entry<String, String> h : e.headers().entrySet()) {
            res.header(h.getKey(), h.getValue());
        }
        res.send(body(e, requestId, req.path().path()));
    }

    /** The problem document; also used by direct (pre-routing) handlers. */
    public static byte[] body(ProblemException e, String requestId, String instance) {
        return Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("type", e.type().uri());
            g.writeStringField("title", e.type().title());
            g.writeNumberField("status", e.status().code());
            g.writeStringField("detail", e.detail());
            if (instance != null) {
                g.writeStringField("instance", instance);
            }
            g.writeStringField("request_id", requestId);
            for (Map.Entry<String, Object> x : e.extensions().entrySet()) {
                g.writeFieldName(x.getKey());
                Json.value(g, x.getValue());
            }
            g.writeEndObject();
        });
    }
}
