package io.eventqueue.runtime.event;

import java.util.ArrayList;
import java.util.List;

/** Collects the violations of one event; field names are prefixed with where the fields came from. */
public final class Violations {
    private final String prefix;
    private final List<Violation> list = new ArrayList<>(2);

    public Violations(String prefix) {
        this.prefix = prefix;
    }

    public void add(String field, String message) {
        list.add(new Violation(prefix.isEmpty() ? field : prefix + "." + field, message));
    }

    public boolean isEmpty() {
        return list.isEmpty();
    }

    public List<Violation> list() {
        return List.copyOf(list);
    }
}
