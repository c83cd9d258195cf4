package io.eventqueue.runtime.http;

import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerResponse;

import java.util.Set;

/**
 * Runs before every API handler: security headers on every answer, tokens in the URL refused (URLs end up in access
 * logs, proxy logs and browser history), then the request's rate-limit charge.
 */
public final class ProtectionFilter implements Filter {
    /** Query parameters that carry bearer tokens by RFC 6750 §2.3 or by habit. */
    private static final Set<String> TOKEN_PARAMETERS = Set.of("access_token", "token", "jwt", "id_token");

    private final RequestLimits limits;
    private final BodyReadDeadline bodyReadDeadline;

    public ProtectionFilter(RequestLimits limits, BodyReadDeadline bodyReadDeadline) {
        this.limits = limits;
        this.bodyReadDeadline = bodyReadDeadline;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        SecurityHeaders.apply(res);
        refuseAmbiguousFraming(req);
        bodyReadDeadline.attach(req);
        for (String name : TOKEN_PARAMETERS) {
            if (req.query().contains(name)) {
                throw new ProblemException(ProblemType.BAD_REQUEST,
                        "tokens are not accepted in the URL; send 'Authorization: Bearer <token>'");
            }
        }
        limits.chargeRequest(req, res);
        chain.proceed();
    }

    /**
     * A body whose length two headers disagree on is how requests are smuggled past proxies (RFC 9112 §6.3): such a
     * request is refused instead of guessing which header the proxy in front believed.
     */
    private static void refuseAmbiguousFraming(RoutingRequest req) {
        var headers = req.headers();
        boolean chunked = headers.contains(HeaderNames.TRANSFER_ENCODING);
        if (headers.contains(HeaderNames.CONTENT_LENGTH)) {
            var lengths = headers.get(HeaderNames.CONTENT_LENGTH).allValues();
            if (chunked || lengths.size() != 1 || !isDecimalLength(lengths.getFirst())) {
                throw new ProblemException(ProblemType.BAD_REQUEST,
                        "the request body length is ambiguous (Content-Length and Transfer-Encoding disagree)")
                        .header("Connection", "close");
            }
        }
    }

    /** 1 to 18 ASCII digits (checked by hand: a regular expression here was compiled on every request). */
    static boolean isDecimalLength(String value) {
        if (value.isEmpty() || value.length() > 18) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** Headers every answer carries, including problems and management answers. */
    public static final class SecurityHeaders implements Filter {
        // Created and validated once, not per response.
        private static final Header CONTENT_TYPE_OPTIONS = HeaderValues.createCached(
                HeaderNames.create("X-Content-Type-Options"), "nosniff");

        static void apply(ServerResponse res) {
            res.header(CONTENT_TYPE_OPTIONS);
        }

        @Override
        public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
            apply(res);
            chain.proceed();
        }
    }
}
