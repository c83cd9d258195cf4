package io.eventqueue.runtime.observe;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/** Times each API request once for the request metrics and, when enabled, one access-log line. */
public final class HttpObserveFilter implements Filter {
    private static final Logger ACCESS = Logger.getLogger("eventqueue.access");

    private final HttpMetrics metrics;
    private final boolean accessLog;

    /** @param accessLog whether to write one access-log line per request ({@code log.access}) */
    public HttpObserveFilter(HttpMetrics metrics, boolean accessLog) {
        this.metrics = metrics;
        this.accessLog = accessLog;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        long start = System.nanoTime();
        try {
            chain.proceed();
        } finally {
            long nanos = System.nanoTime() - start;
            int status = res.status().code();
            metrics.record(req.prologue().method(), status, nanos);
            if (accessLog) {
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("method", req.prologue().method().text());
                fields.put("path", req.path().rawPath());
                fields.put("status", status);
                fields.put("duration_ms", nanos / 1_000_000.0);
                fields.put("remote", req.remotePeer().host());
                StructuredLog.log(ACCESS, Level.INFO, "request", fields);
            }
        }
    }
}
