package io.eventqueue.runtime.auth;

/** A bearer token that does not authenticate; {@link Reason} picks the problem type. */
public final class TokenRejectedException extends Exception {
    public enum Reason {
        MALFORMED, BAD_SIGNATURE, EXPIRED, INVALID_CLAIMS,
        /** The header names an algorithm the verifier never accepts ({@code none}, HS256 for an external issuer). */
        ALGORITHM_NOT_ALLOWED,
        /** No key of the issuer matches the token's key id and algorithm. */
        UNKNOWN_KEY
    }

    private final Reason reason;

    public TokenRejectedException(Reason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
