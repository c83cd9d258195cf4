package io.eventqueue.runtime.event;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The known event types by name: the built-ins plus those found by {@link ServiceLoader}. */
public final class EventTypeRegistry {
    private final Map<String, EventType> types;
    private final String knownNames;

    public EventTypeRegistry(Collection<? extends EventType> types) {
        Map<String, EventType> byName = new TreeMap<>();
        for (EventType t : types) {
            if (byName.putIfAbsent(t.name(), t) != null) {
                throw new IllegalStateException("two event types are named '" + t.name() + "'");
            }
        }
        this.types = Map.copyOf(byName);
        this.knownNames = String.join(", ", byName.keySet());
    }

    /** {@code log}, {@code metric} and every {@link EventType} registered with {@link ServiceLoader}. */
    public static EventTypeRegistry discover() {
        List<EventType> all = new ArrayList<>(List.of(new LogEventType(), new MetricEventType()));
        ServiceLoader.load(EventType.class).forEach(all::add);
        return new EventTypeRegistry(all);
    }

    public Optional<EventType> find(String name) {
        return Optional.ofNullable(types.get(name));
    }

    /** Comma-separated, sorted: for error messages. */
    public String knownNames() {
        return knownNames;
    }

    public List<String> names() {
        return List.copyOf(new TreeMap<>(types).keySet());
    }
}
