package io.eventqueue.runtime.event;


import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The JSON request bodies ({@code application/json}) of the systems EventQueue is compatible with, each mapped to a
 * CloudEvent draft by one rule (docs/api.md, "Request shapes"). A body is recognised by its members, checked in
 * this order:
 * <ol>
 * <li>{@code event}: the Go Event Queue API's envelope {@code {"event":{"event_type":…,"event_id":…,…}}};</li>
 * <li>{@code specversion}: a CloudEvent in the JSON format, sent as plain JSON;</li>
 * <li>{@code event_type}: the flat body {@code {"event_type":…,"timestamp":…,…}}, every other member being data;</li>
 * <li>{@code type}: the event gateway's {@code {"type","source","subject","data"}};</li>
 * <li>{@code payload}: {@code {"id","timestamp","payload"}} with Unix seconds, of type {@value #PAYLOAD_TYPE}.</li>
 * </ol>
 * A body matching none is refused naming the shapes.
 */
public final class RequestShapes {
    /** The type of a {@code {"id","timestamp","payload"}} event, which names none. */
    public static final String PAYLOAD_TYPE = "io.eventqueue.payload";
    public static final String ACCEPTED = "{\"event\":{\"event_type\":…}} (the Go Event Queue API), "
            + "{\"type\",\"source\",\"subject\",\"data\"} (the event gateway), {\"event_type\":…,…} (flat), "
            + "{\"id\",\"timestamp\",\"payload\"}, or a CloudEvent with \"specversion\"";
    private static final Set<String> GATEWAY_MEMBERS = Set.of("id", "type", "source", "subject", "time", "data",
            "datacontenttype", "dataschema");
    private static final Set<String> PAYLOAD_MEMBERS = Set.of("id", "timestamp", "payload", "source", "subject");
    /** 9999-12-31T23:59:59Z: an RFC 3339 year has four digits. */
    private static final long MAX_UNIX_SECONDS = 253_402_300_799L;
    private static final byte[] EVENT_MEMBER = "\"event\"".getBytes(StandardCharsets.US_ASCII);

    private RequestShapes() {
    }

    /** One event in any accepted shape: the whole body. */
    public static EventDraft readOne(byte[] body) throws EventRejectedException {
        if (firstMemberIsEvent(body)) {
            return JsonEventReader.readEnvelope(body);
        }
        Object value = JsonEventReader.readValue(body);
        if (!(value instanceof Map<?, ?> map)) {
            throw malformed("the body must be a JSON object in one of the accepted shapes: " + ACCEPTED);
        }
        if (map.containsKey("event")) {
            // The envelope reader names the envelope's own problems (unknown members beside "event", …).
            return JsonEventReader.readEnvelope(body);
        }
        if (map.containsKey("specversion")) {
            return CloudEventReader.readStructured(body, 0, body.length);
        }
        return fromMap(cast(map), body.length);
    }

    /** Whether the body is a batch object {@code {"events":[…]}} (the event gateway's) rather than a JSON array. */
    public static boolean isBatchObject(byte[] body) {
        int i = skipWhitespace(body, 0);
        return i < body.length && body[i] == '{';
    }

    /** Receives one item of a batch object: its draft, or the problem that makes it unreadable. */
    @FunctionalInterface
    public interface Item {
        void accept(int index, EventDraft draft, EventRejectedException problem);
    }

    /** {@code {"events":[…]}}: each item is one event in any accepted shape but the envelope's batch array. */
    public static void readBatchObject(byte[] body, int maxItems, Item item) throws EventRejectedException {
        Object value = JsonEventReader.readValue(body);
        if (!(value instanceof Map<?, ?> map)) {
            throw malformed("the body must be a JSON array or {\"events\":[…]}");
        }
        if (!map.containsKey("events")) {
            throw malformed("the body must be a JSON array, or {\"events\":[…]}");
        }
        for (Object key : map.keySet()) {
            if (!key.equals("events")) {
                throw invalid(String.valueOf(key), "unknown field; a batch object is {\"events\":[…]}");
            }
        }
        if (!(map.get("events") instanceof List<?> events)) {
            throw invalid("events", "must be a JSON array of events");
        }
        if (events.size() > maxItems) {
            throw new EventRejectedException(EventRejectedException.Reason.BATCH_TOO_LARGE,
                    "a batch holds at most " + maxItems + " events");
        }
        if (events.isEmpty()) {
            throw invalid("events", "a batch must hold at least one event");
        }
        for (int i = 0; i < events.size(); i++) {
            Object event = events.get(i);
            try {
                if (!(event instanceof Map<?, ?> m)) {
                    throw invalid("events[" + i + "]", "must be a JSON object");
                }
                byte[] itemBytes = new JsonData(event, Optional.empty()).bytes();
                EventDraft draft;
                if (m.containsKey("event")) {
                    draft = JsonEventReader.readEnvelope(itemBytes);
                } else if (m.containsKey("specversion")) {
                    draft = CloudEventReader.readStructured(itemBytes, 0, itemBytes.length);
                } else {
                    draft = fromMap(cast(m), itemBytes.length);
                }
                item.accept(i, draft, null);
            } catch (EventRejectedException e) {
                item.accept(i, null, e);
            }
        }
    }

    private static EventDraft fromMap(Map<String, Object> m, int size) throws EventRejectedException {
        if (m.containsKey("event_type")) {
            return flat(m, size);
        }
        if (m.containsKey("type")) {
            return gateway(m, size);
        }
        if (m.containsKey("payload")) {
            return payload(m, size);
        }
        throw new EventRejectedException(EventRejectedException.Reason.INVALID,
                "the body matches no accepted request shape; send " + ACCEPTED,
                List.of(new Violation("", "matches no accepted request shape: " + ACCEPTED)));
    }

    /** {@code {"type","source","subject","data",…}}: the CloudEvents names, without {@code specversion}. */
    private static EventDraft gateway(Map<String, Object> m, int size) throws EventRejectedException {
        for (String key : m.keySet()) {
            if (!GATEWAY_MEMBERS.contains(key)) {
                throw invalid(key, "unknown field; the event gateway's body has id, type, source, subject, time, data,"
                        + " datacontenttype, dataschema");
            }
        }
        Object contentType = m.get("datacontenttype");
        Object data = m.get("data");
        if (data instanceof String text && contentType instanceof String ct && !OpaqueData.isJson(ct)) {
            data = new OpaqueData(ct, text.getBytes(StandardCharsets.UTF_8));
        }
        return new EventDraft(EventDraft.Style.CLOUDEVENT, m.get("id"), m.get("type"), m.get("source"), m.get("time"),
                m.get("subject"), data, contentType, m.get("dataschema"), Map.of(), size, Optional.empty());
    }

    /** {@code {"event_type":…,"event_id"?,"source"?,"subject"?,"timestamp"?,…data members}}. */
    private static EventDraft flat(Map<String, Object> m, int size) throws EventRejectedException {
        Map<String, Object> data = new LinkedHashMap<>(m);
        Object type = data.remove("event_type");
        Object id = data.remove("event_id");
        Object source = data.remove("source");
        Object subject = data.remove("subject");
        Object time = data.remove("timestamp");
        if (time instanceof Number) {
            time = unixSeconds(time, "timestamp");
        }
        return new EventDraft(EventDraft.Style.FLAT, id, type, source, time, subject, data, size);
    }

    /** {@code {"id","timestamp","payload"}}: Unix seconds; the payload is the data. */
    private static EventDraft payload(Map<String, Object> m, int size) throws EventRejectedException {
        for (String key : m.keySet()) {
            if (!PAYLOAD_MEMBERS.contains(key)) {
                throw invalid(key, "unknown field; this body has id, timestamp, payload, source, subject");
            }
        }
        Object time = m.get("timestamp") == null ? null : unixSeconds(m.get("timestamp"), "timestamp");
        return new EventDraft(EventDraft.Style.PAYLOAD, m.get("id"), PAYLOAD_TYPE, m.get("source"), time,
                m.get("subject"), m.get("payload"), size);
    }

    private static Instant unixSeconds(Object raw, String field) throws EventRejectedException {
        if (raw instanceof Long seconds && seconds >= 0 && seconds <= MAX_UNIX_SECONDS) {
            return Instant.ofEpochSecond(seconds);
        }
        throw invalid(field, "must be Unix seconds: an integer from 0 to " + MAX_UNIX_SECONDS);
    }

    /**
     * Whether the body is an object whose first member is {@code event}: the hot path of the Go Event Queue API, told
     * by its first bytes without a parser. Anything else (other shapes, broken JSON) takes the general path.
     */
    static boolean firstMemberIsEvent(byte[] body) {
        int i = skipWhitespace(body, 0);
        if (i >= body.length || body[i] != '{') {
            return false;
        }
        i = skipWhitespace(body, i + 1);
        if (i + EVENT_MEMBER.length > body.length) {
            return false;
        }
        for (int k = 0; k < EVENT_MEMBER.length; k++) {
            if (body[i + k] != EVENT_MEMBER[k]) {
                return false;
            }
        }
        i = skipWhitespace(body, i + EVENT_MEMBER.length);
        return i < body.length && body[i] == ':';
    }

    private static int skipWhitespace(byte[] b, int i) {
        while (i < b.length && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r')) {
            i++;
        }
        return i;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }

    private static EventRejectedException malformed(String detail) {
        return new EventRejectedException(EventRejectedException.Reason.MALFORMED, detail);
    }

    private static EventRejectedException invalid(String field, String message) {
        return new EventRejectedException(EventRejectedException.Reason.INVALID, field + " " + message,
                List.of(new Violation(field, message)));
    }
}
