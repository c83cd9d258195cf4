package io.eventqueue.runtime.event;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/** The typed data of an event of a built-in (Java) type; writes itself as the members of the {@code data} JSON object. */
public interface EventPayload extends EventData {
    void writeFields(JsonGenerator json) throws IOException;

    @Override
    default void writeData(JsonGenerator json) throws IOException {
        json.writeObjectFieldStart("data");
        writeFields(json);
        json.writeEndObject();
    }

    @Override
    default Optional<String> contentType() {
        return Optional.of(EventDecoder.JSON);
    }

    @Override
    default byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try (JsonGenerator g = JsonData.FACTORY.createGenerator(out)) {
            g.writeStartObject();
            writeFields(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
