package io.eventqueue.runtime.event;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;
import java.util.Optional;

/**
 * One kind of event ({@code log}, {@code metric}, …): validates the type's own fields and turns them into a typed payload.
 * Further types plug in through {@link java.util.ServiceLoader} ({@code META-INF/services/io.eventqueue.runtime.event.EventType}).
 * Implementations are stateless and thread-safe.
 */
public interface EventType {
    /** The name clients put in {@code event_type} or the CloudEvents {@code type} attribute. */
    String name();

    /**
     * @param fields     the event's data members as plain values (String, Long, BigInteger, Double, Boolean, null,
     *                   Map, List); never the common attributes (id, type, source, time, subject)
     * @param violations collects every problem found; the returned payload is ignored when any was added
     * @return the payload, or {@code null} when violations were added
     */
    EventPayload parse(Map<String, Object> fields, Violations violations);

    /** A JSON Schema describing the data {@link #parse} accepts, for {@code GET /v1/types}; empty when none is written. */
    default Optional<JsonNode> schema() {
        return Optional.empty();
    }
}
