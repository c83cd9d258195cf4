package io.eventqueue.operator.render;

/**
 * {@code spec.eventTypes} cannot be rendered into a config the runtime starts with (a schema ConfigMap missing, a
 * schema over the runtime's bounds, a duplicate type); the user can fix it, so the instance is Degraded.
 */
public final class InvalidEventTypesException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidEventTypesException(String message) {
        super(message, null, false, false);
    }
}
