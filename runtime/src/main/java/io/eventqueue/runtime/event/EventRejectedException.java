package io.eventqueue.runtime.event;

import java.util.List;

/** An event that cannot be accepted as sent; {@link Reason} tells the HTTP layer which problem to answer with. */
public final class EventRejectedException extends Exception {
    public enum Reason { MALFORMED, INVALID, UNKNOWN_TYPE, TOO_LARGE, BATCH_TOO_LARGE, UNSUPPORTED_MEDIA_TYPE }

    private final Reason reason;
    private final List<Violation> violations;

    public EventRejectedException(Reason reason, String detail) {
        this(reason, detail, List.of());
    }

    public EventRejectedException(Reason reason, String detail, List<Violation> violations) {
        // No stack trace: rejections are ordinary outcomes of hostile or sloppy input and must stay cheap.
        super(detail, null, false, false);
        this.reason = reason;
        this.violations = List.copyOf(violations);
    }

    public Reason reason() {
        return reason;
    }

    public List<Violation> violations() {
        return violations;
    }
}
