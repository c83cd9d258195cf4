package io.eventqueue.runtime.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.util.function.IntFunction;

/**
 * A config value that is a list of objects (a list in the config file, JSON in a flag or variable): read once, and
 * refused with one line naming the key when it is not a list or is longer than its bound.
 */
final class JsonListValue {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonListValue() {
    }

    /**
     * @param shape   what an entry looks like, for the error ({@code "{type, schema} entries"})
     * @param tooMany the error for a list of the given length over {@code max}
     * @return the list's entries; none for a blank value
     */
    static JsonNode parse(String key, String value, String shape, int max, IntFunction<String> tooMany) {
        if (value.isBlank()) {
            return JsonNodeFactory.instance.arrayNode();
        }
        JsonNode root;
        try {
            root = JSON.readTree(value);
        } catch (JsonProcessingException e) {
            throw new ConfigException(key, "must be a list of " + shape + ": " + e.getOriginalMessage());
        }
        if (!root.isArray()) {
            throw new ConfigException(key, "must be a list of " + shape);
        }
        if (root.size() > max) {
            throw new ConfigException(key, tooMany.apply(root.size()));
        }
        return root;
    }
}
