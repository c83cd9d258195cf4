package io.eventqueue.runtime.http;

import io.eventqueue.runtime.observe.StructuredLog;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/** One structured line per request ({@code log.access=true}): method, path, status, duration, remote address. */
public final class AccessLog implements Filter {
    private static final Logger LOG = Logger.getLogger("io.eventqueue.access");

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        long start = System.nanoTime();
        try {
            chain.proceed();
        } finally {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("method", req.prologue().method().text());
            fields.put("path", req.path().path());
            fields.put("status", res.status().code());
            fields.put("duration_ms", (System.nanoTime() - start) / 1_000_000.0);
            fields.put("remote", req.remotePeer().host());
            StructuredLog.log(LOG, Level.INFO, "access", fields);
        }
    }
}
