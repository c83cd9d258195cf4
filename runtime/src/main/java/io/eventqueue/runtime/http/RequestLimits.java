package io.eventqueue.runtime.http;

import io.eventqueue.runtime.auth.Principal;
import io.eventqueue.runtime.auth.TokenRejectedException;
import io.eventqueue.runtime.auth.TokenVerifier;
import io.eventqueue.runtime.limit.RateLimitDecision;
import io.eventqueue.runtime.limit.RateLimitHeaders;
import io.eventqueue.runtime.limit.RateLimiter;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;

/**
 * Applies the {@link RateLimiter} to API requests. Every request costs one token of its client (the verified token's
 * {@code sub}, else the remote address); a batch then costs one more per further event. Event posts are charged by
 * the events guard, after authentication (so refusals show in the stats and the token is verified once); every
 * other API request is charged by the filter before routing. Within the limits the {@code RateLimit-*} headers go
 * on the answer; beyond them the answer is a 429 problem with {@code Retry-After}.
 */
public final class RequestLimits {
    private final RateLimiter limiter;
    private final TokenVerifier verifier;

    /** @param verifier the (caching) verifier the handlers use, so checking the token here costs a map lookup */
    public RequestLimits(RateLimiter limiter, TokenVerifier verifier) {
        this.limiter = limiter;
        this.verifier = verifier;
    }

    public boolean enabled() {
        return limiter.enabled();
    }

    /** Charges a request that is not an event post, before routing. */
    void chargeRequest(ServerRequest req, ServerResponse res) {
        if (!limiter.enabled()) {
            return;
        }
        req.context().register(new CurrentResponse(res));
        if (!isEventPost(req)) {
            apply(res, limiter.acquire(clientOf(req), 1));
        }
    }

    private static boolean isEventPost(ServerRequest req) {
        if (!"POST".equals(req.prologue().method().text())) {
            return false;
        }
        String path = req.path().path();
        return path.equals(EventsService.EVENTS) || path.equals(EventsService.BATCH)
                || path.equals(EventsService.VALIDATE);
    }

    /** The events guard: charges the request, then a batch's events beyond the first. */
    public EventRequestGuard guard() {
        return new EventRequestGuard() {
            @Override
            public void check(ServerRequest request, Principal principal) {
                if (limiter.enabled()) {
                    apply(responseOf(request), limiter.acquire(subjectKey(principal.subject()), 1));
                }
            }

            @Override
            public void checkEvents(ServerRequest request, Principal principal, int events) {
                if (limiter.enabled() && events > 1) {
                    apply(responseOf(request), limiter.acquire(subjectKey(principal.subject()), events - 1));
                }
            }
        };
    }

    private static ServerResponse responseOf(ServerRequest request) {
        return request.context().get(CurrentResponse.class).map(CurrentResponse::response).orElse(null);
    }

    /** The answer being built, so the batch charge (which only sees the request) can update its headers. */
    record CurrentResponse(ServerResponse response) {
    }

    private String clientOf(ServerRequest req) {
        String header = req.headers().first(HeaderNames.AUTHORIZATION).orElse(null);
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            try {
                return subjectKey(verifier.verify(header.substring(7).strip()).subject());
            } catch (TokenRejectedException e) {
                // An invalid token is charged to the address it came from; the handler answers 401.
            }
        }
        return "addr:" + remoteAddress(req);
    }

    private static String subjectKey(String subject) {
        return "sub:" + subject;
    }

    /** The peer's IP address (no port): behind a proxy this is the proxy. */
    static String remoteAddress(ServerRequest req) {
        SocketAddress address = req.remotePeer().address();
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return String.valueOf(address);
    }

    private static void apply(ServerResponse res, RateLimitDecision decision) {
        Map<String, String> headers = RateLimitHeaders.of(decision);
        if (!decision.allowed()) {
            ProblemException problem = new ProblemException(ProblemType.RATE_LIMITED,
                    "rate limit exceeded; retry after " + decision.retryAfterSeconds() + "s")
                    .with(ProblemMetrics.SCOPE, decision.global() ? "global" : "client");
            headers.forEach(problem::header);
            throw problem;
        }
        if (res != null) {
            headers.forEach(res::header);
        }
    }
}
