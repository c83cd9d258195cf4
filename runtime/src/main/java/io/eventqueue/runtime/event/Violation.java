package io.eventqueue.runtime.event;

import java.util.Objects;
import java.util.Optional;

/**
 * One invalid field: {@code field} is a dotted path as the client sent it ({@code event.level}, {@code data.value});
 * {@code pointer} is the JSON pointer into the data, for violations of a declared type's JSON Schema.
 */
public record Violation(String field, String message, Optional<String> pointer) {
    public Violation {
        Objects.requireNonNull(pointer, "pointer");
    }

    public Violation(String field, String message) {
        this(field, message, Optional.empty());
    }
}
