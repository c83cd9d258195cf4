package io.eventqueue.runtime.event;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A type declared in config: an exact {@code type} or a prefix pattern ({@code com.example.order.*}), an optional
 * JSON Schema for its data and the extension attributes its events must carry.
 */
public record DeclaredType(String pattern, Optional<DataSchema> schema, List<String> requiredExtensions) {
    public DeclaredType {
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(schema, "schema");
        requiredExtensions = List.copyOf(requiredExtensions);
    }

    public boolean isPrefix() {
        return pattern.endsWith("*");
    }

    /** {@code com.example.order.*} → {@code com.example.order.}; an exact pattern is its own prefix. */
    String prefix() {
        return isPrefix() ? pattern.substring(0, pattern.length() - 1) : pattern;
    }

    boolean matches(String type) {
        return isPrefix() ? type.startsWith(prefix()) : type.equals(pattern);
    }
}
