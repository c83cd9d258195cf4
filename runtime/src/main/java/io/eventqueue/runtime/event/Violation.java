package io.eventqueue.runtime.event;

/** One invalid field: {@code field} is a dotted path as the client sent it ({@code event.level}, {@code data.value}). */
public record Violation(String field, String message) {
}
