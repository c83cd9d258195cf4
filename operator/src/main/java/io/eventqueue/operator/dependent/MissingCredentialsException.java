package io.eventqueue.operator.dependent;

/** The credentials Secret the pods need is absent or incomplete; the user can fix it, so the instance is Degraded. */
public final class MissingCredentialsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MissingCredentialsException(String message) {
        super(message, null, false, false);
    }
}
