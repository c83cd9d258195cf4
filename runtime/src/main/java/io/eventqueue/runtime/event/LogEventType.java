package io.eventqueue.runtime.event;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** {@code log}: a {@code level} from a fixed set and a bounded {@code message}. */
public final class LogEventType implements EventType {
    public static final String NAME = "log";
    public static final int MAX_MESSAGE_CHARS = 16_384;

    public enum Level {
        TRACE, DEBUG, INFO, WARN, ERROR, FATAL;

        final String text = name().toLowerCase(Locale.ROOT);

        static Level parse(String s) {
            String lower = s.toLowerCase(Locale.ROOT);
            for (Level l : values()) {
                if (l.text.equals(lower)) {
                    return l;
                }
            }
            return lower.equals("warning") ? WARN : null;
        }
    }

    public record LogPayload(Level level, String message) implements EventPayload {
        @Override
        public void writeFields(JsonGenerator json) throws IOException {
            json.writeStringField("level", level.text);
            json.writeStringField("message", message);
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
        Level level = null;
        Object rawLevel = fields.get("level");
        if (rawLevel == null) {
            violations.add("level", "is required (one of trace, debug, info, warn, error, fatal)");
        } else if (!(rawLevel instanceof String s) || (level = Level.parse(s)) == null) {
            violations.add("level", "must be one of trace, debug, info, warn, error, fatal");
        }
        String message = null;
        Object rawMessage = fields.get("message");
        if (rawMessage == null) {
            violations.add("message", "is required");
        } else if (!(rawMessage instanceof String m)) {
            violations.add("message", "must be a string");
        } else if (m.isBlank()) {
            violations.add("message", "must not be blank");
        } else if (m.length() > MAX_MESSAGE_CHARS) {
            violations.add("message", "must be at most " + MAX_MESSAGE_CHARS + " characters");
        } else {
            message = m;
        }
        for (String name : fields.keySet()) {
            if (!name.equals("level") && !name.equals("message")) {
                violations.add(name, "unknown field for type log (known: level, message)");
            }
        }
        return violations.isEmpty() ? new LogPayload(level, message) : null;
    }
}
