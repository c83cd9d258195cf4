package io.eventqueue.runtime.event;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the runtime knows about event types: the built-in (Java) types — {@code log}, {@code metric} and those found
 * by {@link ServiceLoader} — the types declared in config, and the mode that decides about every other type.
 * Immutable; every schema in it was compiled before.
 */
public final class EventTypeRegistry {
    private final TypesMode mode;
    private final Map<String, EventType> builtIn;
    private final Map<String, DeclaredType> exact;
    /** Prefix patterns, longest prefix first: the most specific declaration wins. */
    private final List<DeclaredType> prefixes;
    private final String knownNames;

    public EventTypeRegistry(Collection<? extends EventType> builtIn, TypesMode mode, List<DeclaredType> declared) {
        Map<String, EventType> byName = new TreeMap<>();
        for (EventType t : builtIn) {
            if (byName.putIfAbsent(t.name(), t) != null) {
                throw new IllegalStateException("two event types are named '" + t.name() + "'");
            }
        }
        Map<String, DeclaredType> exactByName = new TreeMap<>();
        List<DeclaredType> prefixList = new ArrayList<>();
        for (DeclaredType d : declared) {
            if (byName.containsKey(d.pattern())) {
                throw new IllegalArgumentException("type " + d.pattern() + " is built in and cannot be declared");
            }
            boolean fresh = d.isPrefix()
                    ? prefixList.stream().noneMatch(p -> p.pattern().equals(d.pattern())) && prefixList.add(d)
                    : exactByName.putIfAbsent(d.pattern(), d) == null;
            if (!fresh) {
                throw new IllegalArgumentException("type " + d.pattern() + " is declared twice");
            }
        }
        prefixList.sort(Comparator.comparingInt((DeclaredType d) -> d.prefix().length()).reversed());
        this.mode = mode;
        this.builtIn = Map.copyOf(byName);
        this.exact = Map.copyOf(exactByName);
        this.prefixes = List.copyOf(prefixList);
        TreeSet<String> names = new TreeSet<>(byName.keySet());
        declared.forEach(d -> names.add(d.pattern()));
        this.knownNames = String.join(", ", names);
    }

    /** {@code log}, {@code metric}, every {@link EventType} registered with {@link ServiceLoader}, and {@code declared}. */
    public static EventTypeRegistry of(TypesMode mode, List<DeclaredType> declared) {
        List<EventType> all = new ArrayList<>(List.of(new LogEventType(), new MetricEventType()));
        ServiceLoader.load(EventType.class).forEach(all::add);
        return new EventTypeRegistry(all, mode, declared);
    }

    /** How events of one type are checked. */
    public sealed interface Resolution {
        /** A built-in type: its Java code checks the data and makes a typed payload. */
        record BuiltIn(EventType type) implements Resolution { }

        /** A declared type (exact or the longest matching prefix). */
        record Declared(DeclaredType declaration) implements Resolution { }

        /** Undeclared, accepted in open mode with opaque data. */
        record Open() implements Resolution { }

        /** Undeclared in strict mode. */
        record Unknown() implements Resolution { }
    }

    public Resolution resolve(String type) {
        EventType t = builtIn.get(type);
        if (t != null) {
            return new Resolution.BuiltIn(t);
        }
        DeclaredType d = exact.get(type);
        if (d != null) {
            return new Resolution.Declared(d);
        }
        for (DeclaredType p : prefixes) {
            if (p.matches(type)) {
                return new Resolution.Declared(p);
            }
        }
        return mode == TypesMode.OPEN ? new Resolution.Open() : new Resolution.Unknown();
    }

    public TypesMode mode() {
        return mode;
    }

    /** Built-in types by name. */
    public Collection<EventType> builtIn() {
        return new TreeMap<>(builtIn).values();
    }

    /** Declared types: exact ones by name, then prefix patterns by pattern. */
    public List<DeclaredType> declared() {
        List<DeclaredType> out = new ArrayList<>(new TreeMap<>(exact).values());
        prefixes.stream().sorted(Comparator.comparing(DeclaredType::pattern)).forEach(out::add);
        return out;
    }

    /** Comma-separated, sorted, prefix patterns included: for error messages. */
    public String knownNames() {
        return knownNames;
    }

    /** Every built-in and declared pattern, sorted. */
    public List<String> patterns() {
        return List.of(knownNames.split(", "));
    }

    /** The names that are whole type names (built-in and exact declared types), sorted: stats list these up front. */
    public List<String> names() {
        TreeSet<String> names = new TreeSet<>(builtIn.keySet());
        names.addAll(exact.keySet());
        return List.copyOf(names);
    }
}
