package io.eventqueue.runtime.http;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which methods each API path answers, so an unmatched request gets 405 with {@code Allow} instead of 404. Services
 * declare their routes here as they register them; {@code {name}} stands for one path segment.
 */
public final class KnownRoutes {
    private final Map<String, Set<String>> methodsByPath = new ConcurrentHashMap<>();

    public KnownRoutes allow(String method, String path) {
        methodsByPath.computeIfAbsent(path, p -> new TreeSet<>()).add(method);
        return this;
    }

    /** The methods allowed on {@code path}, empty when no route has this path. */
    public Set<String> methodsFor(String path) {
        Set<String> exact = methodsByPath.get(path);
        if (exact != null) {
            return Set.copyOf(exact);
        }
        for (Map.Entry<String, Set<String>> e : methodsByPath.entrySet()) {
            if (e.getKey().contains("{") && matches(e.getKey(), path)) {
                return Set.copyOf(e.getValue());
            }
        }
        return Set.of();
    }

    private static boolean matches(String template, String path) {
        String[] t = template.split("/", -1);
        String[] p = path.split("/", -1);
        if (t.length != p.length) {
            return false;
        }
        for (int i = 0; i < t.length; i++) {
            boolean param = t[i].startsWith("{") && t[i].endsWith("}");
            if (param ? p[i].isEmpty() : !t[i].equals(p[i])) {
                return false;
            }
        }
        return true;
    }
}
