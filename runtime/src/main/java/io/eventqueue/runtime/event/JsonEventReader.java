package io.eventqueue.runtime.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Streaming reads of JSON event bodies: the Go Event Queue API's {@code {"event":{…}}} envelope, JSON arrays of envelopes (one pass, no tree),
 * and plain JSON values for CloudEvents data. Nesting depth and number length are bounded.
 */
public final class JsonEventReader {
    public static final int MAX_NESTING_DEPTH = 16;

    private static final JsonFactory JSON = JsonFactory.builder()
            // Requests run on virtual threads, where Jackson's default thread-local buffer pool never reuses a buffer.
            .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_NESTING_DEPTH)
                    .maxNumberLength(64)
                    .build())
            .build();

    private JsonEventReader() {
    }

    /** {@code {"event":{"event_type":…,"event_id":…,…type fields…}}}, the whole body. */
    public static EventDraft readEnvelope(byte[] body) throws EventRejectedException {
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw malformed("the body must be a JSON object {\"event\":{…}}");
            }
            EventDraft draft = envelope(p, body.length);
            if (p.nextToken() != null) {
                throw malformed("unexpected content after the JSON object");
            }
            return draft;
        } catch (JsonProcessingException e) {
            throw malformed(e);
        } catch (IOException e) {
            throw malformed("unreadable body");
        }
    }

    /**
     * A JSON array whose items are handed to {@code item} with their byte range; stops with BATCH_TOO_LARGE past
     * {@code maxItems}. Only the array structure is checked here; each item is parsed by the caller.
     */
    public static int splitArray(byte[] body, int maxItems, ItemRange item) throws EventRejectedException {
        return forEachItem(body, maxItems, (p, index, first, array) -> {
            int start = (int) p.currentTokenLocation().getByteOffset();
            p.skipChildren();
            item.accept(index, start, (int) p.currentLocation().getByteOffset());
        });
    }

    /**
     * A JSON array of envelopes read in one streaming pass: each item is handed to {@code item} as a draft, or as
     * the item-level problem that made it unreadable (then the rest of that item is skipped). Broken JSON anywhere
     * (duplicate keys included) and more than {@code maxItems} items reject the whole body, as in
     * {@link #splitArray}.
     */
    public static int readEnvelopes(byte[] body, int maxItems, ItemDraft item) throws EventRejectedException {
        return forEachItem(body, maxItems, (p, index, first, array) -> {
            int start = (int) p.currentTokenLocation().getByteOffset();
            EventDraft draft = null;
            EventRejectedException problem = null;
            if (first != JsonToken.START_OBJECT) {
                p.skipChildren();
                problem = invalidItem("each batch item must be an object {\"event\":{…}}");
            } else {
                try {
                    draft = envelope(p, 0);
                } catch (EventRejectedException e) {
                    problem = e;
                    while (p.getParsingContext() != array) {
                        if (p.nextToken() == null) {
                            throw malformed("unterminated JSON array");
                        }
                    }
                }
            }
            int size = (int) p.currentLocation().getByteOffset() - start;
            if (draft != null) {
                draft = draft.withEncodedBytes(size);
            }
            item.accept(index, draft, problem);
        });
    }

    /**
     * Walks a non-empty JSON array of at most {@code maxItems} items, calling {@code item} with the parser on each
     * item's first token; {@code item} must leave the parser on the item's last token.
     */
    private static int forEachItem(byte[] body, int maxItems, ArrayItem item) throws EventRejectedException {
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw malformed("the body must be a JSON array");
            }
            JsonStreamContext array = p.getParsingContext();
            int count = 0;
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t == null) {
                    throw malformed("unterminated JSON array");
                }
                if (++count > maxItems) {
                    throw new EventRejectedException(EventRejectedException.Reason.BATCH_TOO_LARGE,
                            "a batch holds at most " + maxItems + " events");
                }
                item.read(p, count - 1, t, array);
            }
            if (p.nextToken() != null) {
                throw malformed("unexpected content after the JSON array");
            }
            if (count == 0) {
                throw new EventRejectedException(EventRejectedException.Reason.INVALID,
                        "a batch must hold at least one event", List.of(new Violation("", "empty batch")));
            }
            return count;
        } catch (JsonProcessingException e) {
            throw malformed(e);
        } catch (IOException e) {
            throw malformed("unreadable body");
        }
    }

    /** Reads one array item from the parser, positioned on the item's first token. */
    @FunctionalInterface
    private interface ArrayItem {
        void read(JsonParser p, int index, JsonToken first, JsonStreamContext array)
                throws IOException, EventRejectedException;
    }

    /** Receives one array item: its draft, or (draft null) the problem that makes it unreadable. */
    @FunctionalInterface
    public interface ItemDraft {
        void accept(int index, EventDraft draft, EventRejectedException problem) throws EventRejectedException;
    }

    /** Receives one array item's position: {@code body[start, end)}. */
    @FunctionalInterface
    public interface ItemRange {
        void accept(int index, int start, int end) throws EventRejectedException;
    }

    /** Any JSON value (objects as maps), e.g. CloudEvents data. */
    public static Object readValue(byte[] json) throws EventRejectedException {
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() == null) {
                return null;
            }
            Object value = value(p);
            if (p.nextToken() != null) {
                throw malformed("unexpected content after the JSON value");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw malformed(e);
        } catch (IOException e) {
            throw malformed("unreadable JSON");
        }
    }

    private static EventDraft envelope(JsonParser p, int encodedBytes) throws IOException, EventRejectedException {
        EventDraft draft = null;
        List<String> unknown = null;
        String field;
        while ((field = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            if (field.equals("event")) {
                if (t != JsonToken.START_OBJECT) {
                    throw invalid("event", "must be a JSON object");
                }
                draft = eventObject(p, encodedBytes);
            } else {
                p.skipChildren();
                if (unknown == null) {
                    unknown = new ArrayList<>(1);
                }
                unknown.add(field);
            }
        }
        if (unknown != null) {
            throw invalid(unknown.get(0), "unknown field; the body is {\"event\":{…}}");
        }
        if (draft == null) {
            throw invalid("event", "is required; the body is {\"event\":{…}}");
        }
        return draft;
    }

    private static EventDraft eventObject(JsonParser p, int encodedBytes) throws IOException {
        Object id = null, type = null, source = null, time = null, subject = null;
        Map<String, Object> data = new LinkedHashMap<>(4);
        String field;
        while ((field = p.nextFieldName()) != null) {
            p.nextToken();
            switch (field) {
                case "event_type" -> type = value(p);
                case "event_id" -> id = value(p);
                case "source" -> source = value(p);
                case "time" -> time = value(p);
                case "subject" -> subject = value(p);
                default -> data.put(field, value(p));
            }
        }
        return new EventDraft(EventDraft.Style.ENVELOPE, id, type, source, time, subject, data, encodedBytes);
    }

    /** The value at the current token; objects become insertion-ordered maps, arrays lists. */
    private static Object value(JsonParser p) throws IOException {
        return switch (p.currentToken()) {
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT -> {
                Number n = p.getNumberValue();
                yield n instanceof BigInteger ? n : Long.valueOf(n.longValue());
            }
            case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                String name;
                while ((name = p.nextFieldName()) != null) {
                    p.nextToken();
                    map.put(name, value(p));
                }
                yield map;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    list.add(value(p));
                }
                yield list;
            }
            default -> null;
        };
    }

    private static EventRejectedException malformed(String detail) {
        return new EventRejectedException(EventRejectedException.Reason.MALFORMED, detail);
    }

    private static EventRejectedException malformed(JsonProcessingException e) {
        String msg = e.getOriginalMessage();
        if (e.getLocation() != null) {
            msg = msg + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
        }
        return malformed("malformed JSON: " + msg);
    }

    private static EventRejectedException invalid(String field, String message) {
        return new EventRejectedException(EventRejectedException.Reason.INVALID, field + " " + message,
                List.of(new Violation(field, message)));
    }

    private static EventRejectedException invalidItem(String message) {
        return new EventRejectedException(EventRejectedException.Reason.INVALID, message,
                List.of(new Violation("", message)));
    }
}
