package io.eventqueue.runtime.event;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;

/** The typed data of an event; writes itself as the members of the {@code data} JSON object. */
public interface EventPayload {
    void writeFields(JsonGenerator json) throws IOException;
}
