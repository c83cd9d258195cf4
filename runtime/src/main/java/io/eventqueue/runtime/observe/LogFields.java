package io.eventqueue.runtime.observe;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Extra structured fields for one log line, passed as the only parameter of a JUL record:
 * {@code logger.log(Level.INFO, "request", LogFields.of("status", 202, "path", "/v1/events"))}.
 * The JSON format prints them as top-level keys, the text format as {@code key=value}.
 */
public record LogFields(Map<String, Object> values) {
    public LogFields {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** Fields from alternating keys and values. */
    public static LogFields of(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values must come in pairs");
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(String.valueOf(keysAndValues[i]), keysAndValues[i + 1]);
        }
        return new LogFields(map);
    }
}
