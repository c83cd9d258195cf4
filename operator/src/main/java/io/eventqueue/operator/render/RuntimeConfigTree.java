package io.eventqueue.operator.render;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The runtime's config.yaml as nested maps, written key by key through {@link RuntimeKey} so that the operator can
 * only write keys the runtime declares. {@code kafka.topics.create} becomes {@code kafka: {topics: {create: …}}};
 * members keep the order they were put in.
 */
final class RuntimeConfigTree {
    private final Map<String, Object> root = new LinkedHashMap<>();

    RuntimeConfigTree put(RuntimeKey key, Object value) {
        String[] path = key.key().split("\\.");
        Map<String, Object> node = root;
        for (int i = 0; i < path.length - 1; i++) {
            node = child(node, path[i], key);
        }
        node.put(path[path.length - 1], value);
        return this;
    }

    /** Leaves the key unset (the runtime's default) when {@code value} is null. */
    RuntimeConfigTree putIfPresent(RuntimeKey key, Object value) {
        return value == null ? this : put(key, value);
    }

    Map<String, Object> tree() {
        return root;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> child(Map<String, Object> node, String name, RuntimeKey key) {
        Object existing = node.computeIfAbsent(name, n -> new LinkedHashMap<String, Object>());
        if (!(existing instanceof Map)) {
            throw new IllegalStateException(key.key() + " nests under " + name + ", which holds a value");
        }
        return (Map<String, Object>) existing;
    }
}
