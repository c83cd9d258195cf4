package io.eventqueue.runtime.event;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** {@code metric}: a finite numeric {@code value}, optional {@code name}, {@code unit} and string {@code labels}. */
public final class MetricEventType implements EventType {
    public static final String NAME = "metric";
    public static final int MAX_NAME_CHARS = 200;
    public static final int MAX_UNIT_CHARS = 64;
    public static final int MAX_LABELS = 32;
    public static final int MAX_LABEL_VALUE_CHARS = 1024;
    private static final Pattern NAME_PATTERN = Pattern.compile("[A-Za-z_:][A-Za-z0-9_:.\\-]*");
    private static final Pattern LABEL_PATTERN = Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-]{0,99}");

    public record MetricPayload(Optional<String> name, double value, Optional<String> unit,
                                Map<String, String> labels) implements EventPayload {
        @Override
        public void writeFields(JsonGenerator json) throws IOException {
            if (name.isPresent()) {
                json.writeStringField("name", name.get());
            }
            json.writeNumberField("value", value);
            if (unit.isPresent()) {
                json.writeStringField("unit", unit.get());
            }
            if (!labels.isEmpty()) {
                json.writeObjectFieldStart("labels");
                for (Map.Entry<String, String> e : labels.entrySet()) {
                    json.writeStringField(e.getKey(), e.getValue());
                }
                json.writeEndObject();
            }
        }
    }

    private static final JsonNode SCHEMA = BuiltInSchemas.load(NAME);

    @Override
    public Optional<JsonNode> schema() {
        return Optional.of(SCHEMA);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public EventPayload parse(Map<String, Object> fields, Violations violations) {
        double value = 0;
        Object rawValue = fields.get("value");
        if (rawValue == null) {
            violations.add("value", "is required (a finite number)");
        } else if (!(rawValue instanceof Number n)) {
            violations.add("value", "must be a number");
        } else {
            value = n instanceof BigInteger big ? big.doubleValue() : n.doubleValue();
            if (!Double.isFinite(value)) {
                violations.add("value", "must be a finite number");
            }
        }
        Optional<String> name = optionalString(fields, "name", MAX_NAME_CHARS, violations);
        if (name.isPresent() && !NAME_PATTERN.matcher(name.get()).matches()) {
            violations.add("name", "must match " + NAME_PATTERN.pattern());
        }
        Optional<String> unit = optionalString(fields, "unit", MAX_UNIT_CHARS, violations);
        Map<String, String> labels = labels(fields.get("labels"), violations);
        for (String field : fields.keySet()) {
            switch (field) {
                case "value", "name", "unit", "labels" -> { }
                default -> violations.add(field, "unknown field for type metric (known: value, name, unit, labels)");
            }
        }
        return violations.isEmpty() ? new MetricPayload(name, value, unit, labels) : null;
    }

    private static Optional<String> optionalString(Map<String, Object> fields, String key, int max, Violations violations) {
        Object raw = fields.get(key);
        if (raw == null) {
            return Optional.empty();
        }
        if (!(raw instanceof String s) || s.isEmpty() || s.length() > max) {
            violations.add(key, "must be a string of 1 to " + max + " characters");
            return Optional.empty();
        }
        return Optional.of(s);
    }

    private static Map<String, String> labels(Object raw, Violations violations) {
        if (raw == null) {
            return Map.of();
        }
        if (!(raw instanceof Map<?, ?> map)) {
            violations.add("labels", "must be an object of string values");
            return Map.of();
        }
        if (map.size() > MAX_LABELS) {
            violations.add("labels", "must have at most " + MAX_LABELS + " entries");
            return Map.of();
        }
        Map<String, String> labels = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = (String) e.getKey();
            if (!LABEL_PATTERN.matcher(key).matches()) {
                violations.add("labels." + key, "label name must match " + LABEL_PATTERN.pattern());
            } else if (!(e.getValue() instanceof String s) || s.length() > MAX_LABEL_VALUE_CHARS) {
                violations.add("labels." + key, "must be a string of at most " + MAX_LABEL_VALUE_CHARS + " characters");
            } else {
                labels.put(key, s);
            }
        }
        return java.util.Collections.unmodifiableMap(labels);
    }
}
