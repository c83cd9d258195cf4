package io.eventqueue.runtime.http;

import io.eventqueue.runtime.auth.Principal;
import io.eventqueue.runtime.auth.TokenRejectedException;
import io.eventqueue.runtime.auth.TokenVerifier;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

/**
 * {@code Authorization: Bearer <jwt>} → {@link Principal}, or a 401/403 problem with an RFC 6750
 * {@code WWW-Authenticate} challenge.
 */
public final class BearerAuthenticator {
    static final String REALM = "eventqueue";
    private static final String CHALLENGE = "Bearer realm=\"" + REALM + "\"";

    private final TokenVerifier verifier;

    public BearerAuthenticator(TokenVerifier verifier) {
        this.verifier = verifier;
    }

    /** @param role the role the principal must hold, or null for any valid token */
    public Principal authenticate(ServerRequest req, String role) {
        String header = req.headers().first(HeaderNames.AUTHORIZATION).orElse(null);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new ProblemException(ProblemType.AUTHENTICATION_REQUIRED,
                    "send a token as 'Authorization: Bearer <token>'; get one from POST /v1/tokens")
                    .header("WWW-Authenticate", CHALLENGE);
        }
        String token = header.substring(7).strip();
        Principal principal;
        try {
            principal = verifier.verify(token);
        } catch (TokenRejectedException e) {
            ProblemType type = e.reason() == TokenRejectedException.Reason.EXPIRED
                    ? ProblemType.TOKEN_EXPIRED : ProblemType.INVALID_TOKEN;
            throw new ProblemException(type, e.getMessage())
                    .header("WWW-Authenticate", CHALLENGE + ", error=\"invalid_token\", error_description=\""
                            + e.getMessage().replace('"', '\'') + "\"");
        }
        if (role != null && !principal.hasRole(role)) {
            throw new ProblemException(ProblemType.FORBIDDEN, "this request needs the '" + role + "' role")
                    .header("WWW-Authenticate", CHALLENGE + ", error=\"insufficient_scope\", scope=\"" + role + "\"");
        }
        return principal;
    }
}
