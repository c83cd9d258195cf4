package io.eventqueue.runtime.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.flipkart.zjsonpatch.InvalidJsonPatchException;
import com.flipkart.zjsonpatch.JsonPatch;
import com.flipkart.zjsonpatch.JsonPatchApplicationException;
import io.eventqueue.runtime.config.ConfigException;
import io.eventqueue.runtime.config.TransformSpec;
import io.eventqueue.runtime.event.Event;
import io.eventqueue.runtime.event.EventData;
import io.eventqueue.runtime.event.JsonData;
import io.eventqueue.runtime.event.OpaqueData;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A subscription's declarative transform (seed 004's "apply a transformation, add metadata"): sets and removes
 * attributes and extensions, and maps JSON data with a JSON Patch (RFC 6902, zjsonpatch). It makes a new event for
 * the subscription's sink; the event in the log, the read index and the dead-letter store stays the one admitted.
 */
public final class EventTransform {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Delivers the event as admitted. */
    public static final EventTransform NONE = new EventTransform(TransformSpec.NONE);

    private final TransformSpec spec;

    private EventTransform(TransformSpec spec) {
        this.spec = spec;
    }

    /** Checks the JSON Patch once, at start-up; {@code at} is the transform's config key. */
    public static EventTransform compile(TransformSpec spec, String at) {
        spec.data().ifPresent(patch -> {
            try {
                JsonPatch.validate(patch);
            } catch (InvalidJsonPatchException e) {
                throw new ConfigException(at + ".data", "is not a valid JSON Patch: " + e.getMessage());
            }
        });
        return new EventTransform(spec);
    }

    public boolean isNone() {
        return spec.isNone();
    }

    /** The event as this subscription delivers it; throws {@link TransformFailedException} when data cannot be patched. */
    public Event apply(Event event) {
        if (spec.isNone()) {
            return event;
        }
        String type = event.type();
        String source = event.source();
        Optional<String> subject = event.subject();
        Optional<String> dataSchema = event.dataSchema();
        Map<String, Object> extensions = new LinkedHashMap<>(event.extensions());
        for (String name : spec.remove()) {
            switch (name) {
                case "subject" -> subject = Optional.empty();
                case "dataschema" -> dataSchema = Optional.empty();
                default -> extensions.remove(name);
            }
        }
        for (Map.Entry<String, String> e : spec.set().entrySet()) {
            switch (e.getKey()) {
                case "type" -> type = e.getValue();
                case "source" -> source = e.getValue();
                case "subject" -> subject = Optional.of(e.getValue());
                case "dataschema" -> dataSchema = Optional.of(e.getValue());
                default -> extensions.put(e.getKey(), e.getValue());
            }
        }
        EventData data = spec.data().isPresent() ? patched(event.payload(), spec.data().get()) : event.payload();
        return new Event(event.id(), type, source, subject, event.time(), event.receivedAt(), data, dataSchema,
                extensions, event.encodedBytes(), event.trace());
    }

    private static EventData patched(EventData data, JsonNode patch) {
        Optional<String> contentType = data.contentType();
        if (contentType.isEmpty() || !OpaqueData.isJson(contentType.get())) {
            throw new TransformFailedException("the data is " + contentType.orElse("absent")
                    + ", not JSON: the JSON Patch cannot apply");
        }
        try {
            JsonNode result = JsonPatch.apply(patch, JSON.readTree(data.bytes()));
            Object value = JSON.treeToValue(result, Object.class);
            boolean implied = contentType.get().equals("application/json");
            return new JsonData(value, implied ? Optional.empty() : contentType);
        } catch (JsonPatchApplicationException e) {
            throw new TransformFailedException("the JSON Patch does not apply to the data: " + e.getMessage());
        } catch (IOException e) {
            throw new TransformFailedException("the data is not readable JSON: " + e.getMessage());
        }
    }

    /** The transform cannot apply to this event: retrying will not help. */
    static final class TransformFailedException extends RuntimeException {
        TransformFailedException(String message) {
            super(message, null, false, false);
        }
    }
}
