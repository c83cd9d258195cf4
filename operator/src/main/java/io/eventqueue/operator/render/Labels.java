package io.eventqueue.operator.render;

import java.util.LinkedHashMap;
import java.util.Map;

/** The app.kubernetes.io/* labels on every object, and the subset that selects an instance's pods. */
public final class Labels {
    public static final String NAME = "app.kubernetes.io/name";
    public static final String INSTANCE = "app.kubernetes.io/instance";
    public static final String COMPONENT = "app.kubernetes.io/component";
    public static final String PART_OF = "app.kubernetes.io/part-of";
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGER = "eventqueue-operator";
    /** Label selector matching every object this operator manages (limits the operator's caches). */
    public static final String MANAGED_SELECTOR = MANAGED_BY + "=" + MANAGER;

    private Labels() {
    }

    public static Map<String, String> selector(String instance) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(NAME, "eventqueue");
        labels.put(INSTANCE, instance);
        return labels;
    }

    public static Map<String, String> common(String instance) {
        Map<String, String> labels = selector(instance);
        labels.put(COMPONENT, "runtime");
        labels.put(PART_OF, "eventqueue");
        labels.put(MANAGED_BY, MANAGER);
        return labels;
    }
}
