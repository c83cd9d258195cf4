package io.eventqueue.runtime.auth;

/**
 * A bearer token that must not be accepted. The message is safe to show the caller: it never contains the token.
 */
public final class TokenRejectedException extends Exception {
    /** Why a token was refused; everything but {@link #NO_ROLES} is an authentication failure (401). */
    public enum Reason {
        MALFORMED, ALGORITHM_NOT_ALLOWED, UNKNOWN_KEY, BAD_SIGNATURE, EXPIRED, NOT_YET_VALID, WRONG_ISSUER,
        WRONG_AUDIENCE, NO_ROLES;

        /** 403 for a valid token without a usable role, 401 for everything else. */
        public boolean isAuthenticationFailure() {
            return this != NO_ROLES;
        }
    }

    private final Reason reason;

    public TokenRejectedException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
