package io.eventqueue.runtime.auth;

/** A {@code POST /v1/tokens} body that asks for something malformed or beyond the policy; the message is for the caller. */
public final class InvalidTokenRequestException extends Exception {
    public InvalidTokenRequestException(String message) {
        super(message, null, false, false);
    }
}
