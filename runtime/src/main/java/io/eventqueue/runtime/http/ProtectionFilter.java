package io.eventqueue.runtime.http;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
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

    public ProtectionFilter(RequestLimits limits) {
        this.limits = limits;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        SecurityHeaders.apply(res);
        for (String name : TOKEN_PARAMETERS) {
            if (req.query().contains(name)) {
                throw new ProblemException(ProblemType.BAD_REQUEST,
                        "tokens are not accepted in the URL; send 'Authorization: Bearer <token>'");
            }
        }
        limits.chargeRequest(req, res);
        chain.proceed();
    }

    /** Headers every answer carries, including problems and management answers. */
    public static final class SecurityHeaders implements Filter {
        private static final HeaderName CONTENT_TYPE_OPTIONS = HeaderNames.create("X-Content-Type-Options");

        static void apply(ServerResponse res) {
            res.header(CONTENT_TYPE_OPTIONS, "nosniff");
        }

        @Override
        public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
            apply(res);
            chain.proceed();
        }
    }
}
