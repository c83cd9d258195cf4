package io.eventqueue.runtime.reads;

import io.eventqueue.runtime.log.Document;
import java.time.Instant;

/**
 * An event in the recent-event read index.
 *
 * @param position   index position (monotonic, newest is highest)
 * @param document   the event rendered as JSON, shown by {@code GET /v1/events/{id}}
 * @param lastError  the last delivery failure, or null
 */
public record TrackedEvent(long position, String id, String type, String source, Instant receivedAt,
                           EventStatus status, int attempts, Instant updatedAt, String lastError, Document document) {

    TrackedEvent with(EventStatus newStatus, int newAttempts, Instant now, String error) {
        return new TrackedEvent(position, id, type, source, receivedAt, newStatus, newAttempts, now,
                error == null ? lastError : error, document);
    }

    long footprint() {
        return document.sizeHint() + 2L * (id.length() + type.length() + source.length()) + 160;
    }
}
