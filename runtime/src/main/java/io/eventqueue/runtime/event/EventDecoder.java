package io.eventqueue.runtime.event;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Picks the reader for a request from its media type (the Go Event Queue API's envelope, CloudEvents structured / binary / batch) and
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
    /**
     * JSON on the wire is UTF-8 (RFC 8259); the parser would otherwise accept overlong forms and guess UTF-16, so
     * bytes that are not strict UTF-8 are refused before parsing.
     */
    private static void requireUtf8(byte[] body) throws EventRejectedException {
        if (!isStrictUtf8(body)) {
            throw new EventRejectedException(EventRejectedException.Reason.MALFORMED, "the body is not valid UTF-8");
        }
    }

    /**
     * What the JDK's reporting UTF-8 decoder accepts (no overlong forms, no encoded surrogates, nothing past
     * U+10FFFF), checked in place: decoding a whole batch into a {@code CharBuffer} only to drop it was the largest
     * allocation site of batch ingestion.
     */
    static boolean isStrictUtf8(byte[] b) {
        int n = b.length;
        int i = 0;
        while (i < n) {
            int c = b[i];
            if (c >= 0) {
                i++;
                continue;
            }
            c &= 0xFF;
            if (c < 0xC2) {
                return false; // a continuation byte, or the lead of an overlong 2-byte form
            } else if (c < 0xE0) {
                if (i + 1 >= n || !continuation(b[i + 1])) {
                    return false;
                }
                i += 2;
            } else if (c < 0xF0) {
                if (i + 2 >= n || !continuation(b[i + 1]) || !continuation(b[i + 2])) {
                    return false;
                }
                int c1 = b[i + 1] & 0xFF;
                if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 > 0x9F)) {
                    return false; // overlong, or a UTF-16 surrogate
                }
                i += 3;
            } else if (c < 0xF5) {
                if (i + 3 >= n || !continuation(b[i + 1]) || !continuation(b[i + 2]) || !continuation(b[i + 3])) {
                    return false;
                }
                int c1 = b[i + 1] & 0xFF;
                if ((c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 > 0x8F)) {
                    return false; // overlong, or past U+10FFFF
                }
                i += 4;
            } else {
                return false;
            }
        }
        return true;
    }

    private static boolean continuation(byte b) {
        return (b & 0xC0) == 0x80;
    }

    /**
     * A {@code \\uD800}-style escape without its other half parses into a string no UTF-8 writer can encode, so the
     * event would fail in every sink; such bodies are refused up front.
     */
    private static void requireSurrogatePairs(byte[] body) throws EventRejectedException {
        int pendingHigh = -1;
        for (int i = 0; i < body.length; i++) {
            if (body[i] != '\\' || i + 1 >= body.length) {
                continue;
            }
            if (body[i + 1] != 'u' || i + 6 > body.length) {
                i++;
                continue;
            }
            int unit = hex4(body, i + 2);
            boolean high = unit >= 0xD800 && unit <= 0xDBFF;
            boolean low = unit >= 0xDC00 && unit <= 0xDFFF;
            boolean follows = pendingHigh == i;
            if ((low && !follows) || (!low && pendingHigh >= 0 && !follows) || (follows && !low)) {
                throw new EventRejectedException(EventRejectedException.Reason.MALFORMED,
                        "the body contains an unpaired UTF-16 surrogate escape");
            }
            pendingHigh = high ? i + 6 : -1;
            i += 5;
        }
        if (pendingHigh >= 0) {
            throw new EventRejectedException(EventRejectedException.Reason.MALFORMED,
                    "the body contains an unpaired UTF-16 surrogate escape");
        }
    }

    private static int hex4(byte[] body, int at) {
        int value = 0;
        for (int k = at; k < at + 4; k++) {
            int digit = Character.digit(body[k], 16);
            if (digit < 0) {
                return -1;
            }
            value = value * 16 + digit;
        }
        return value;
    }

    public Event decodeOne(String contentType, boolean binaryMode, Consumer<BiConsumer<String, String>> headers,
                           byte[] body, String defaultSource, Instant receivedAt) throws EventRejectedException {
        EventDraft draft;
        if (binaryMode) {
            // Binary-mode data of another media type is opaque bytes: only JSON has to be UTF-8.
            if (contentType == null || OpaqueData.isJson(contentType)) {
                requireUtf8(body);
                requireSurrogatePairs(body);
            }
            draft = CloudEventReader.readBinary(headers, body);
        } else {
            requireUtf8(body);
            requireSurrogatePairs(body);
            String mediaType = mediaType(contentType);
            if (mediaType.equals(JSON)) {
                draft = RequestShapes.readOne(body);
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
        requireUtf8(body);
        requireSurrogatePairs(body);
        String mediaType = mediaType(contentType);
        boolean cloudEvents;
        if (mediaType.equals(JSON)) {
            cloudEvents = false;
        } else if (mediaType.equals(CLOUDEVENTS_BATCH_JSON)) {
            cloudEvents = true;
        } else {
            throw unsupported(contentType, JSON + " (an array of {\"event\":{…}}, or {\"events\":[…]}) or " + CLOUDEVENTS_BATCH_JSON);
        }
        List<Item> items = new ArrayList<>();
        if (!cloudEvents && RequestShapes.isBatchObject(body)) {
            RequestShapes.readBatchObject(body, batchMax, (index, draft, problem) ->
                    items.add(draft == null ? new Item(index, null, problem) : item(index, draft, defaultSource, receivedAt)));
            return items;
        }
        if (!cloudEvents) {
            JsonEventReader.readEnvelopes(body, batchMax, (index, draft, problem) ->
                    items.add(draft == null ? new Item(index, null, problem) : item(index, draft, defaultSource, receivedAt)));
            return items;
        }
        JsonEventReader.splitArray(body, batchMax, (index, start, end) -> {
            try {
                items.add(item(index, CloudEventReader.readStructured(body, start, end - start), defaultSource, receivedAt));
            } catch (EventRejectedException e) {
                items.add(new Item(index, null, e));
            }
        });
        return items;
    }

    private Item item(int index, EventDraft draft, String defaultSource, Instant receivedAt) {
        try {
            return new Item(index, validator.validate(draft, defaultSource, receivedAt), null);
        } catch (EventRejectedException e) {
            return new Item(index, null, e);
        }
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
