package io.eventqueue.runtime.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import io.eventqueue.runtime.event.Event;
import io.eventqueue.runtime.event.EventDraft;
import io.eventqueue.runtime.event.EventRejectedException;
import io.eventqueue.runtime.event.EventValidator;
import io.eventqueue.runtime.event.JsonEventReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.time.Instant;
import java.util.Map;

/**
 * The journal's encoding of an {@link Event}: one JSON object with the event's attributes, its receipt time and
 * typed data. Decoding runs the event through the same validator as the HTTP path, so a replayed event is exactly
 * as valid (and as typed) as a fresh one.
 */
public final class EventCodec {
    /** Shared buffer pool: the journal record is encoded on request (virtual) threads, where thread-local pools never reuse. */
    private static final JsonFactory JSON = JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool())
            .build();
    private static final int VERSION = 1;
    private static final byte[] RECORD_PREFIX = ("{\"v\":" + VERSION + ",").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SIZE_MEMBER = ",\"encoded_bytes\":".getBytes(StandardCharsets.US_ASCII);

    private final EventValidator validator;

    public EventCodec(EventValidator validator) {
        this.validator = validator;
    }

    public byte[] encode(Event event) {
        return write(event, true);
    }

    /** The event as users see it in {@code GET /v1/events/{id}} and the live stream. */
    public static byte[] publicJson(Event event) {
        return write(event, false);
    }

    /**
     * The event as users see it, from a record made by {@link #encode}, without decoding it: a record is
     * {@code {"v":1,} + the public members + {,"encoded_bytes":N}}, so the public document is its middle. Lets the read
     * index keep one byte array per event instead of the event's objects.
     */
    public static Document publicDocument(byte[] record, int sizeHint) {
        return new Document(() -> publicJsonOfRecord(record), sizeHint);
    }

    static byte[] publicJsonOfRecord(byte[] record) {
        int end = record.length - 1;
        int digits = end;
        while (digits > 0 && record[digits - 1] >= '0' && record[digits - 1] <= '9') {
            digits--;
        }
        int membersEnd = digits - SIZE_MEMBER.length;
        if (end < 0 || record[end] != '}' || digits == end || membersEnd < RECORD_PREFIX.length
                || !Arrays.equals(record, 0, RECORD_PREFIX.length, RECORD_PREFIX, 0, RECORD_PREFIX.length)
                || !Arrays.equals(record, membersEnd, digits, SIZE_MEMBER, 0, SIZE_MEMBER.length)) {
            throw new IllegalArgumentException("not an event record of this codec");
        }
        byte[] json = new byte[membersEnd - RECORD_PREFIX.length + 2];
        json[0] = '{';
        System.arraycopy(record, RECORD_PREFIX.length, json, 1, membersEnd - RECORD_PREFIX.length);
        json[json.length - 1] = '}';
        return json;
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
        EventDraft draft = new EventDraft(EventDraft.Style.CLOUDEVENT, doc.get("id"), doc.get("type"), doc.get("source"),
                doc.get("time"), doc.get("subject"), doc.get("data"), size.intValue());
        return validator.validate(draft, String.valueOf(doc.get("source")), receivedAt);
    }

    private static byte[] write(Event event, boolean internal) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            if (internal) {
                g.writeNumberField("v", VERSION);
            }
            event.writeFields(g);
            if (internal) {
                g.writeNumberField("encoded_bytes", event.encodedBytes());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
