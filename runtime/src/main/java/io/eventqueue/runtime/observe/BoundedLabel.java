package io.eventqueue.runtime.observe;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Per-label-value meter handles with a hard cap on distinct values: past {@code maxValues} every new value
 * shares the handle of {@value #OVERFLOW}, so no client input can grow the metric series without bound.
 * A lookup is one {@link ConcurrentHashMap#get}; the registry is only touched the first time a value is seen.
 */
final class BoundedLabel<H> {
    static final String OVERFLOW = "other";

    private final ConcurrentHashMap<String, H> handles = new ConcurrentHashMap<>();
    private final Function<String, H> factory;
    private final int maxValues;

    BoundedLabel(int maxValues, Function<String, H> factory) {
        this.maxValues = maxValues;
        this.factory = factory;
    }

    H get(String value) {
        H handle = handles.get(value);
        if (handle != null) {
            return handle;
        }
        if (value == null || value.isEmpty() || handles.size() >= maxValues) {
            return handles.computeIfAbsent(OVERFLOW, factory);
        }
        return handles.computeIfAbsent(value, factory);
    }
}
