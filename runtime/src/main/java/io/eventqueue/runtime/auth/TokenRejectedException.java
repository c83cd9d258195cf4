package io.eventqueue.runtime.auth;

/** A bearer token that does not authenticate; {@link Reason} picks the problem type. */
public final class TokenRejectedException extends Exception {
    public enum Reason { MALFORMED, BAD_SIGNATURE, EXPIRED, INVALID_CLAIMS }

    private final Reason reason;

    public TokenRejectedException(Reason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
