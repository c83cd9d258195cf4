package io.eventqueue.runtime.limit;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The response headers for a decision, following the IETF {@code RateLimit} header fields draft
 * ({@code RateLimit-Limit}, {@code RateLimit-Remaining}, {@code RateLimit-Reset} in seconds) plus
 * {@code Retry-After} (RFC 9110) on a refusal.
 */
public final class RateLimitHeaders {
    public static final String LIMIT = "RateLimit-Limit";
    public static final String REMAINING = "RateLimit-Remaining";
    public static final String RESET = "RateLimit-Reset";
    public static final String RETRY_AFTER = "Retry-After";

    private RateLimitHeaders() {
    }

    /** Header name to value, in a stable order; empty when rate limiting is off. */
    public static Map<String, String> of(RateLimitDecision decision) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (!decision.limited()) {
            return headers;
        }
        headers.put(LIMIT, Long.toString(decision.limit()));
        headers.put(REMAINING, Long.toString(decision.remaining()));
        headers.put(RESET, Long.toString(decision.resetSeconds()));
        if (!decision.allowed()) {
            headers.put(RETRY_AFTER, Long.toString(decision.retryAfterSeconds()));
        }
        return headers;
    }
}
