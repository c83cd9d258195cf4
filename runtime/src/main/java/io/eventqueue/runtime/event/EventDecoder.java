package io.eventqueue.runtime.event;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Picks the reader for a request from its media type (seed-000 envelope, CloudEvents structured / binary / batch) and
 * validates what it read. Knows nothing about HTTP beyond header values.
 */
public final class EventDecoder {
    public static final String JSON = "application/json";
    public static final String CLOUDEVENTS_JSON = "application/cloudevents+json";
    public static final String CLOUDEVENTS_BATCH_JSON = "application/cloudevents-batch+json";

    private final EventValidator validator;
    private final int batchMax;

    public EventDecoder(EventValidator validator, int batchMax) {
        this.validator = validator;
        this.batchMax = batchMax;
    }

    /** One event or the reason it was refused; a batch answers one per item. */
    public record Item(int index, Event event, EventRejectedException error) {
        public boolean accepted() {
            return event != null;
        }
    }

    /**
     * @param contentType  the request's Content-Type, or null
     * @param binaryMode   the request carries {@code ce-specversion}: CloudEvents binary mode
     * @param headers      every request header, for binary mode
     */
    public Event decodeOne(String contentType, boolean binaryMode, Consumer<BiConsumer<String, String>> headers,
                           byte[] body, String defaultSource, Instant receivedAt) throws EventRejectedException {
        EventDraft draft;
        if (binaryMode) {
            draft = CloudEventReader.readBinary(headers, body);
        } else {
            String mediaType = mediaType(contentType);
            if (mediaType.equals(JSON)) {
                draft = JsonEventReader.readEnvelope(body);
            } else if (mediaType.equals(CLOUDEVENTS_JSON)) {
                draft = CloudEventReader.readStructured(body, 0, body.length);
            } else {
                throw unsupported(contentType, JSON + ", " + CLOUDEVENTS_JSON + " or CloudEvents binary mode (ce-* headers)");
            }
        }
        return validator.validate(draft, defaultSource, receivedAt);
    }

    /**
     * A JSON array of envelopes ({@code application/json}) or of structured CloudEvents
     * ({@code application/cloudevents-batch+json}). A body-level problem (not an array, too many items, broken JSON)
     * throws; an item-level problem is reported in that item.
     */
    public List<Item> decodeBatch(String contentType, byte[] body, String defaultSource, Instant receivedAt)
            throws EventRejectedException {
        String mediaType = mediaType(contentType);
        boolean cloudEvents;
        if (mediaType.equals(JSON)) {
            cloudEvents = false;
        } else if (mediaType.equals(CLOUDEVENTS_BATCH_JSON)) {
            cloudEvents = true;
        } else {
            throw unsupported(contentType, JSON + " (array of {\"event\":{…}}) or " + CLOUDEVENTS_BATCH_JSON);
        }
        List<Item> items = new ArrayList<>();
        JsonEventReader.splitArray(body, batchMax, (index, start, end) -> {
            try {
                EventDraft draft = cloudEvents
                        ? CloudEventReader.readStructured(body, start, end - start)
                        : JsonEventReader.readEnvelope(body, start, end);
                items.add(new Item(index, validator.validate(draft, defaultSource, receivedAt), null));
            } catch (EventRejectedException e) {
                items.add(new Item(index, null, e));
            }
        });
        return items;
    }

    /** {@code application/json; charset=utf-8} → {@code application/json}; null → empty. */
    static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
    }

    private static EventRejectedException unsupported(String contentType, String expected) {
        return new EventRejectedException(EventRejectedException.Reason.UNSUPPORTED_MEDIA_TYPE,
                (contentType == null ? "no Content-Type" : "Content-Type " + contentType + " is not supported")
                        + "; send " + expected);
    }
}
