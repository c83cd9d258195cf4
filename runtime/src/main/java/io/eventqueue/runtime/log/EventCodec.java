package io.eventqueue.runtime.log;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import io.eventqueue.runtime.event.Event;
import io.eventqueue.runtime.event.EventDocument;
import io.eventqueue.runtime.event.EventDraft;
import io.eventqueue.runtime.event.EventRejectedException;
import io.eventqueue.runtime.event.EventValidator;
import io.eventqueue.runtime.event.JsonEventReader;
import io.eventqueue.runtime.event.TraceContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;

/**
 * The journal's encoding of an {@link Event}: one JSON object with a header (record version, size as received, the
 * trace the event's processing continues) followed by the event's public members. Decoding runs the event through
 * the same validator as the HTTP path, so a replayed event is exactly as valid (and as typed) as a fresh one.
 *
 * <p>The header comes first so that the public document ({@code GET /v1/events/{id}}, the live stream) is the
 * record's tail: the read index keeps the record's one byte array rather than the event's objects. Records written
 * with the members first (before the trace was kept) decode the same way.
 */
public final class EventCodec {
    /** Shared buffer pool: the journal record is encoded on request (virtual) threads, where thread-local pools never reuse. */
    private static final JsonFactory JSON = JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool())
            .build();
    private static final int VERSION = 1;

    private final EventValidator validator;

    /** A journal record and where the event's public members start in it. */
    public record Record(byte[] bytes, int publicStart) {
        /** The event as users see it, rendered from the record when first read. */
        public Document publicDocument(int sizeHint) {
            return new Document(this::publicJson, sizeHint);
        }

        /**
         * The event as users see it, copied into {@code arena} (the record itself is then not kept); rendered from
         * the record as {@link #publicDocument} when it is too large for the arena.
         */
        public Document publicDocument(DocumentArena arena, int sizeHint) {
            int length = bytes.length - publicStart;
            long at = arena.append((byte) '{', bytes, publicStart, length);
            return at < 0 ? publicDocument(sizeHint) : Document.inArena(arena, at, length + 1);
        }

        byte[] publicJson() {
            byte[] json = new byte[bytes.length - publicStart + 1];
            json[0] = '{';
            System.arraycopy(bytes, publicStart, json, 1, bytes.length - publicStart);
            return json;
        }
    }

    public EventCodec(EventValidator validator) {
        this.validator = validator;
    }

    public byte[] encode(Event event) {
        return record(event).bytes();
    }

    /** The journal record of an event. */
    public Record record(Event event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(event.encodedBytes() + 192);
        int publicStart;
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("v", VERSION);
            g.writeNumberField("encoded_bytes", event.encodedBytes());
            if (event.trace().isPresent()) {
                TraceContext trace = event.trace().get();
                g.writeStringField(TraceContext.TRACEPARENT, trace.traceparent());
                if (trace.tracestate() != null) {
                    g.writeStringField(TraceContext.TRACESTATE, trace.tracestate());
                }
            }
            g.flush();
            publicStart = out.size() + 1; // past the comma the generator writes before the next member
            event.writeFields(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Record(out.toByteArray(), publicStart);
    }

    /** The event as users see it in {@code GET /v1/events/{id}} and the live stream. */
    public static byte[] publicJson(Event event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(event.encodedBytes() + 192);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            event.writeFields(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * @throws EventRejectedException when the bytes are not a valid event (any more), e.g. after a type was removed
     */
    public Event decode(byte[] bytes) throws EventRejectedException {
        Object value = JsonEventReader.readValue(bytes);
        if (!(value instanceof Map<?, ?> doc) || !(doc.get("v") instanceof Number v) || v.intValue() != VERSION) {
            throw new EventRejectedException(EventRejectedException.Reason.MALFORMED, "not a journal event record");
        }
        Object receivedRaw = doc.get("received_at");
        Object sizeRaw = doc.get("encoded_bytes");
        if (!(receivedRaw instanceof String received) || !(sizeRaw instanceof Number size)) {
            throw new EventRejectedException(EventRejectedException.Reason.MALFORMED, "journal event record lacks received_at");
        }
        Instant receivedAt = Instant.parse(received);
        EventDraft draft = EventDocument.toDraft(doc, size.intValue());
        return validator.validate(draft, String.valueOf(doc.get("source")), receivedAt)
                .withTrace(TraceContext.fromExtensions(doc.get(TraceContext.TRACEPARENT), doc.get(TraceContext.TRACESTATE)));
    }
}
