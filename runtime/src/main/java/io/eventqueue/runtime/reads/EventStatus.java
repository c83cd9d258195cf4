package io.eventqueue.runtime.reads;

import java.util.Locale;

/** Where an event is in its life, as shown by {@code GET /v1/events}. */
public enum EventStatus {
    QUEUED("queued"),
    PROCESSED("processed"),
    /** A delivery attempt failed and a retry is scheduled. */
    FAILED("failed"),
    DEAD_LETTERED("dead-lettered");

    private final String wire;

    EventStatus(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static EventStatus parse(String value) {
        for (EventStatus s : values()) {
            if (s.wire.equals(value.trim().toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw new IllegalArgumentException("status must be one of queued, processed, failed, dead-lettered");
    }
}
