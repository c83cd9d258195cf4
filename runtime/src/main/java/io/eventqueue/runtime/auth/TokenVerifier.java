package io.eventqueue.runtime.auth;

/**
 * Checks a bearer token and says who it belongs to. {@link HmacTokenVerifier} checks the runtime's own HS256 tokens;
 * an external identity provider (JWKS) is another implementation, and {@link #firstOf} tries several in turn.
 */
public interface TokenVerifier {
    Principal verify(String token) throws TokenRejectedException;

    /** Accepts a token when any verifier does; the last rejection is reported. */
    static TokenVerifier firstOf(java.util.List<TokenVerifier> verifiers) {
        return token -> {
            TokenRejectedException last = null;
            for (TokenVerifier v : verifiers) {
                try {
                    return v.verify(token);
                } catch (TokenRejectedException e) {
                    last = e;
                }
            }
            throw last != null ? last
                    : new TokenRejectedException(TokenRejectedException.Reason.BAD_SIGNATURE, "no token verifier configured");
        };
    }
}
