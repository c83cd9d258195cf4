package io.eventqueue.runtime.observe;

import java.util.Locale;

/** Why an event (or a request carrying events) was refused; the keys of {@code rejected} in {@code /v1/stats}. */
public enum RejectReason {
    MALFORMED, INVALID, UNKNOWN_TYPE, TOO_LARGE, UNSUPPORTED_MEDIA_TYPE, UNAUTHORIZED, FORBIDDEN, QUEUE_FULL,
    SHUTTING_DOWN, RATE_LIMITED, JOURNAL_FULL, LOG_UNAVAILABLE;

    private final String key = name().toLowerCase(Locale.ROOT);

    public String key() {
        return key;
    }
}
