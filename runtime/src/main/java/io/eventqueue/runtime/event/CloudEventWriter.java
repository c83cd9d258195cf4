package io.eventqueue.runtime.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.ZoneOffset;

/** An accepted event as an SDK CloudEvent (webhook sink, Kafka records): the inverse of {@link CloudEventReader}. */
public final class CloudEventWriter {
    private static final JsonFactory JSON = new JsonFactory();

    private CloudEventWriter() {
    }

    /** The event as a CloudEvent with its JSON data. */
    public static CloudEvent toCloudEvent(Event event) {
        CloudEventBuilder builder = CloudEventBuilder.v1()
                .withId(event.id())
                .withType(event.type())
                .withSource(sourceUri(event.source()))
                .withTime(event.time().atOffset(ZoneOffset.UTC))
                .withDataContentType("application/json")
                .withData(dataJson(event));
        event.subject().ifPresent(builder::withSubject);
        return builder.build();
    }

    private static URI sourceUri(String source) {
        try {
            return new URI(source);
        } catch (URISyntaxException e) {
            try {
                // Not a URI reference as sent (e.g. spaces): carry it percent-encoded as a relative path.
                return new URI(null, null, source, null);
            } catch (URISyntaxException impossible) {
                throw new IllegalArgumentException(impossible);
            }
        }
    }

    private static byte[] dataJson(Event event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            event.payload().writeFields(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
