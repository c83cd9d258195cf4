package io.eventqueue.runtime.auth;

/**
 * Checks a bearer token and says who it belongs to. {@link HmacTokenVerifier} checks the runtime's own HS256 tokens;
 * an external identity provider (JWKS) is another implementation, and {@link #firstOf} tries several in turn.
 */
public interface TokenVerifier {
    Principal verify(String token) throws TokenRejectedException;

    /**
     * Whether a principal this verifier accepted earlier is still to be trusted without verifying its token again
     * ({@link CachingTokenVerifier} asks on every cache hit): false once the key that signed it was withdrawn.
     */
    default boolean stillTrusted(Principal principal) {
        return true;
    }

    /**
     * Accepts a token when any verifier does. The rejection reported is the first from a verifier that handles the
     * token's algorithm (an expired HS256 token is "expired", not "RS256 required").
     */
    static TokenVerifier firstOf(java.util.List<TokenVerifier> verifiers) {
        return new TokenVerifier() {
            @Override
            public Principal verify(String token) throws TokenRejectedException {
                TokenRejectedException last = null;
                for (TokenVerifier v : verifiers) {
                    try {
                        return v.verify(token);
                    } catch (TokenRejectedException e) {
                        if (last == null || last.reason() == TokenRejectedException.Reason.ALGORITHM_NOT_ALLOWED) {
                            last = e;
                        }
                    }
                }
                throw last != null ? last
                        : new TokenRejectedException(TokenRejectedException.Reason.BAD_SIGNATURE, "no token verifier configured");
            }

            @Override
            public boolean stillTrusted(Principal principal) {
                return verifiers.stream().allMatch(v -> v.stillTrusted(principal));
            }
        };
    }
}
