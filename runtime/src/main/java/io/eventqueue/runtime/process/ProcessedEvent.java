package io.eventqueue.runtime.process;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.eventqueue.runtime.event.Event;
import io.eventqueue.runtime.event.Timestamps;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * An event on its way to the sinks, with its processing metadata. {@link #jsonLine()} is the record every built-in sink
 * writes; it is encoded once and shared by all sinks.
 */
public final class ProcessedEvent {
    private static final JsonFactory JSON = new JsonFactory();

    private final Event event;
    private final Instant processedAt;
    private final int attempts;
    private volatile byte[] jsonLine;

    public ProcessedEvent(Event event, Instant processedAt, int attempts) {
        this.event = event;
        this.processedAt = processedAt;
        this.attempts = attempts;
    }

    public Event event() {
        return event;
    }

    public Instant processedAt() {
        return processedAt;
    }

    public int attempts() {
        return attempts;
    }

    /**
     * {@code {"id","type","source","subject"?,"dataschema"?,"time","received_at","extensions"?,"datacontenttype"?,
     * "data"|"data_base64","traceparent"?,"tracestate"?,"processed_at","attempts"}} plus a newline, UTF-8: every
     * attribute and extension the producer set, the distributed-tracing pair included.
     */
    public byte[] jsonLine() {
        byte[] line = jsonLine;
        if (line == null) {
            line = encode();
            jsonLine = line;
        }
        return line;
    }

    private byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(event.encodedBytes() + 192);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            event.writeFields(g);
            if (event.trace().isPresent()) {
                g.writeStringField("traceparent", event.trace().get().traceparent());
                if (event.trace().get().tracestate() != null) {
                    g.writeStringField("tracestate", event.trace().get().tracestate());
                }
            }
            Timestamps.writeField(g, "processed_at", processedAt);
            g.writeNumberField("attempts", attempts);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.write('\n');
        return out.toByteArray();
    }
}
