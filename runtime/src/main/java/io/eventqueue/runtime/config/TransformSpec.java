package io.eventqueue.runtime.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A subscription's transform: attributes and extensions to set, attributes and extensions to remove, and a JSON Patch
 * (RFC 6902) for JSON data. Applied to the copy a subscription delivers, never to the event in the log.
 *
 * @param set    attribute ({@code type}, {@code source}, {@code subject}, {@code dataschema}) or extension → value
 * @param remove {@code subject}, {@code dataschema} or extension names
 * @param data   the JSON Patch document, validated at start-up
 */
public record TransformSpec(Map<String, String> set, List<String> remove, Optional<JsonNode> data) {
    public static final TransformSpec NONE = new TransformSpec(Map.of(), List.of(), Optional.empty());

    public TransformSpec {
        set = Map.copyOf(set);
        remove = List.copyOf(remove);
    }

    public boolean isNone() {
        return set.isEmpty() && remove.isEmpty() && data.isEmpty();
    }
}
