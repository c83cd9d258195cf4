package io.eventqueue.runtime.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Turns an {@link EventDraft} into a valid {@link Event}: checks the common attributes, generates a missing id, and
 * checks the data by what the registry says of its type — a built-in type's Java code, a declared type's JSON Schema
 * and required extensions, nothing for an undeclared type in open mode. Pure: same draft, same result (apart from
 * generated ids).
 */
public final class EventValidator {
    public static final int MAX_ID_CHARS = 256;
    public static final int MAX_TYPE_CHARS = 200;
    public static final int MAX_SOURCE_CHARS = 1024;
    public static final int MAX_SUBJECT_CHARS = 1024;
    public static final int MAX_CONTENT_TYPE_CHARS = 256;
    public static final int MAX_DATASCHEMA_CHARS = 1024;
    public static final int MAX_EXTENSIONS = 32;
    public static final int MAX_EXTENSION_VALUE_CHARS = 4096;
    /** CloudEvents 1.0: lower-case ASCII letters and digits. */
    private static final Pattern EXTENSION_NAME = Pattern.compile("[a-z0-9]{1,64}");
    private static final ObjectMapper TREES = new ObjectMapper();

    private final EventTypeRegistry registry;
    private final long maxEventBytes;

    public EventValidator(EventTypeRegistry registry, long maxEventBytes) {
        this.registry = registry;
        this.maxEventBytes = maxEventBytes;
    }

    public EventTypeRegistry registry() {
        return registry;
    }

    /**
     * @param defaultSource used when the draft has no source (the Go Event Queue API's envelope usually has none)
     */
    public Event validate(EventDraft draft, String defaultSource, Instant receivedAt) throws EventRejectedException {
        if (draft.encodedBytes() > maxEventBytes) {
            throw new EventRejectedException(EventRejectedException.Reason.TOO_LARGE,
                    "event is " + draft.encodedBytes() + " bytes; the limit is " + maxEventBytes);
        }
        EventDraft.Style style = draft.style();
        Violations common = new Violations("");
        String typeName = text(draft.type(), style.type, MAX_TYPE_CHARS, true, common);
        String id = text(draft.id(), style.id, MAX_ID_CHARS, false, common);
        String source = text(draft.source(), style.source, MAX_SOURCE_CHARS, false, common);
        String subject = text(draft.subject(), style.subject, MAX_SUBJECT_CHARS, false, common);
        String dataSchema = text(draft.dataSchema(), "dataschema", MAX_DATASCHEMA_CHARS, false, common);
        text(draft.dataContentType(), "datacontenttype", MAX_CONTENT_TYPE_CHARS, false, common);
        Instant time = time(draft.time(), style.time, common);
        Map<String, Object> extensions = extensions(draft.extensions(), common);
        EventTypeRegistry.Resolution resolution = typeName == null ? null : registry.resolve(typeName);
        if (resolution instanceof EventTypeRegistry.Resolution.Unknown) {
            throw new EventRejectedException(EventRejectedException.Reason.UNKNOWN_TYPE,
                    "unknown event type '" + typeName + "'; known types: " + registry.knownNames());
        }
        Violations dataViolations = new Violations(style.dataPrefix);
        List<Violation> schemaViolations = List.of();
        EventData payload = null;
        switch (resolution) {
            case null -> { }
            case EventTypeRegistry.Resolution.BuiltIn builtIn -> {
                if (draft.data() instanceof OpaqueData opaque) {
                    common.add("datacontenttype", "must be application/json (or +json), got " + opaque.mediaType());
                } else if (draft.dataFields() == null) {
                    common.add(style.dataPrefix, "must be a JSON object");
                } else {
                    payload = builtIn.type().parse(draft.dataFields(), dataViolations);
                }
            }
            case EventTypeRegistry.Resolution.Declared declared -> {
                DeclaredType d = declared.declaration();
                for (String required : d.requiredExtensions()) {
                    if (!extensions.containsKey(required)) {
                        common.add(required, "is a required extension attribute of type " + d.pattern());
                    }
                }
                payload = data(draft);
                if (d.schema().isPresent()) {
                    schemaViolations = schemaViolations(d, payload, style);
                }
            }
            case EventTypeRegistry.Resolution.Open open -> payload = data(draft);
            case EventTypeRegistry.Resolution.Unknown unknown -> throw new IllegalStateException("handled above");
        }
        if (!common.isEmpty() || !dataViolations.isEmpty() || !schemaViolations.isEmpty()) {
            List<Violation> all = new ArrayList<>(common.list());
            all.addAll(dataViolations.list());
            all.addAll(schemaViolations);
            throw new EventRejectedException(EventRejectedException.Reason.INVALID,
                    all.size() == 1 ? all.get(0).field() + " " + all.get(0).message()
                            : all.size() + " fields are invalid", all);
        }
        return new Event(id == null ? EventIds.next() : id, typeName, source == null ? defaultSource : source,
                Optional.ofNullable(subject), time == null ? receivedAt : time, receivedAt, payload,
                Optional.ofNullable(dataSchema), extensions, draft.encodedBytes(), draft.trace());
    }

    /** The data of an event whose type does not interpret it. */
    private static EventData data(EventDraft draft) {
        return switch (draft.data()) {
            case null -> NoData.INSTANCE;
            case OpaqueData opaque -> opaque;
            case Object json -> new JsonData(json, Optional.ofNullable(draft.dataContentType()).map(String::valueOf));
        };
    }

    private static List<Violation> schemaViolations(DeclaredType d, EventData data, EventDraft.Style style) {
        String field = style.dataPrefix.isEmpty() ? "data" : style.dataPrefix;
        if (!(data instanceof JsonData json)) {
            return List.of(new Violation(field, "must be JSON: type " + d.pattern() + " declares a JSON Schema",
                    Optional.of("")));
        }
        JsonNode tree = TREES.valueToTree(json.value());
        return d.schema().orElseThrow().validate(tree, style.dataPrefix);
    }

    private static Map<String, Object> extensions(Map<String, Object> raw, Violations v) {
        if (raw.isEmpty()) {
            return Map.of();
        }
        if (raw.size() > MAX_EXTENSIONS) {
            v.add("extensions", "at most " + MAX_EXTENSIONS + " extension attributes");
            return Map.of();
        }
        Map<String, Object> out = new TreeMap<>();
        for (Map.Entry<String, Object> e : raw.entrySet()) {
            String name = e.getKey();
            Object value = e.getValue();
            if (!EXTENSION_NAME.matcher(name).matches()) {
                v.add(name, "extension names are 1 to 64 lower-case letters and digits");
            } else if (value instanceof String s && s.length() > MAX_EXTENSION_VALUE_CHARS) {
                v.add(name, "must be at most " + MAX_EXTENSION_VALUE_CHARS + " characters");
            } else if (value instanceof String || value instanceof Long || value instanceof Boolean) {
                out.put(name, value);
            } else if (value != null) {
                v.add(name, "an extension attribute must be a string, an integer or a boolean");
            }
        }
        return out;
    }

    private static String text(Object raw, String field, int max, boolean required, Violations v) {
        if (raw == null) {
            if (required) {
                v.add(field, "is required");
            }
            return null;
        }
        if (!(raw instanceof String s)) {
            v.add(field, "must be a string");
            return null;
        }
        if (s.isEmpty() || s.length() > max) {
            v.add(field, "must be 1 to " + max + " characters");
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            if (Character.isISOControl(s.charAt(i))) {
                v.add(field, "must not contain control characters");
                return null;
            }
        }
        return s;
    }

    private static Instant time(Object raw, String field, Violations v) {
        if (raw == null) {
            return null;
        }
        if (raw instanceof Instant i) {
            return i;
        }
        if (raw instanceof String s) {
            try {
                return OffsetDateTime.parse(s).toInstant();
            } catch (DateTimeParseException e) {
                // fall through to the violation
            }
        }
        v.add(field, "must be an RFC 3339 timestamp such as 2026-01-02T03:04:05Z");
        return null;
    }
}
