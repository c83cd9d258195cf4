package io.eventqueue.runtime.process;

import io.eventqueue.runtime.event.Event;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;

/** The processor for each event type; types without one pass through unchanged. */
public final class ProcessorRegistry {
    private final Map<String, EventProcessor> byType;

    public ProcessorRegistry(Collection<? extends EventProcessor> processors) {
        Map<String, EventProcessor> map = new HashMap<>();
        for (EventProcessor p : processors) {
            if (map.putIfAbsent(p.type(), p) != null) {
                throw new IllegalStateException("two processors for event type '" + p.type() + "'");
            }
        }
        this.byType = Map.copyOf(map);
    }

    public static ProcessorRegistry discover() {
        java.util.List<EventProcessor> found = new java.util.ArrayList<>();
        ServiceLoader.load(EventProcessor.class).forEach(found::add);
        return new ProcessorRegistry(found);
    }

    public Event process(Event event) throws Exception {
        EventProcessor p = byType.get(event.type());
        return p == null ? event : p.process(event);
    }
}
