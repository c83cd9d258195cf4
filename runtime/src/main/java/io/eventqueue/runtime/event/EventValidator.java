package io.eventqueue.runtime.event;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Turns an {@link EventDraft} into a valid {@link Event}: checks the common attributes, generates a missing id, and
 * lets the {@link EventType} check its own fields. Pure: same draft, same result (apart from generated ids).
 */
public final class EventValidator {
    public static final int MAX_ID_CHARS = 256;
    public static final int MAX_SOURCE_CHARS = 1024;
    public static final int MAX_SUBJECT_CHARS = 1024;

    private final EventTypeRegistry registry;
    private final long maxEventBytes;

    public EventValidator(EventTypeRegistry registry, long maxEventBytes) {
        this.registry = registry;
        this.maxEventBytes = maxEventBytes;
    }

    public EventTypeRegistry registry() {
        return registry;
    }

    /**
     * @param defaultSource used when the draft has no source (the Go Event Queue API's envelope usually has none)
     */
    public Event validate(EventDraft draft, String defaultSource, Instant receivedAt) throws EventRejectedException {
        if (draft.encodedBytes() > maxEventBytes) {
            throw new EventRejectedException(EventRejectedException.Reason.TOO_LARGE,
                    "event is " + draft.encodedBytes() + " bytes; the limit is " + maxEventBytes);
        }
        EventDraft.Style style = draft.style();
        Violations common = new Violations("");
        String typeName = text(draft.type(), style.type, 200, true, common);
        String id = text(draft.id(), style.id, MAX_ID_CHARS, false, common);
        String source = text(draft.source(), style.source, MAX_SOURCE_CHARS, false, common);
        String subject = text(draft.subject(), style.subject, MAX_SUBJECT_CHARS, false, common);
        Instant time = time(draft.time(), style.time, common);
        if (typeName != null && registry.find(typeName).isEmpty()) {
            throw new EventRejectedException(EventRejectedException.Reason.UNKNOWN_TYPE,
                    "unknown event type '" + typeName + "'; known types: " + registry.knownNames());
        }
        Violations dataViolations = new Violations(style.dataPrefix);
        EventPayload payload = null;
        if (draft.dataFields() == null) {
            common.add(style.dataPrefix, "must be a JSON object");
        } else if (typeName != null) {
            payload = registry.find(typeName).orElseThrow().parse(draft.dataFields(), dataViolations);
        }
        if (!common.isEmpty() || !dataViolations.isEmpty()) {
            java.util.List<Violation> all = new java.util.ArrayList<>(common.list());
            all.addAll(dataViolations.list());
            throw new EventRejectedException(EventRejectedException.Reason.INVALID,
                    all.size() == 1 ? all.get(0).field() + " " + all.get(0).message()
                            : all.size() + " fields are invalid", all);
        }
        return new Event(id == null ? EventIds.next() : id, typeName, source == null ? defaultSource : source,
                Optional.ofNullable(subject), time == null ? receivedAt : time, receivedAt, payload,
                draft.encodedBytes(), draft.trace());
    }

    private static String text(Object raw, String field, int max, boolean required, Violations v) {
        if (raw == null) {
            if (required) {
                v.add(field, "is required");
            }
            return null;
        }
        if (!(raw instanceof String s)) {
            v.add(field, "must be a string");
            return null;
        }
        if (s.isEmpty() || s.length() > max) {
            v.add(field, "must be 1 to " + max + " characters");
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            if (Character.isISOControl(s.charAt(i))) {
                v.add(field, "must not contain control characters");
                return null;
            }
        }
        return s;
    }

    private static Instant time(Object raw, String field, Violations v) {
        if (raw == null) {
            return null;
        }
        if (raw instanceof Instant i) {
            return i;
        }
        if (raw instanceof String s) {
            try {
                return OffsetDateTime.parse(s).toInstant();
            } catch (DateTimeParseException e) {
                // fall through to the violation
            }
        }
        v.add(field, "must be an RFC 3339 timestamp such as 2026-01-02T03:04:05Z");
        return null;
    }
}
