package io.eventqueue.runtime.event;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.util.Optional;

/**
 * The data of an event with its content type: a typed payload of a built-in type ({@link EventPayload}), any JSON
 * value ({@link JsonData}), opaque bytes ({@link OpaqueData}) or none ({@link NoData}).
 */
public interface EventData {
    /**
     * Writes the data members of the event document into an open JSON object, as the CloudEvents JSON format has
     * them: {@code datacontenttype} when not implied, then {@code data} (JSON or text) or {@code data_base64}.
     */
    void writeData(JsonGenerator json) throws IOException;

    /** The media type of {@link #bytes()}, empty when there is no data. */
    Optional<String> contentType();

    /** The data as it goes on the wire (an HTTP body in CloudEvents binary mode). */
    byte[] bytes();
}
