package io.eventqueue.operator.render;

/** Names of the objects the operator creates for an EventQueue called {@code name}. */
public final class Names {
    private Names() {
    }

    /** Deployment, Service, ServiceAccount, PodDisruptionBudget, NetworkPolicy and HorizontalPodAutoscaler. */
    public static String workload(String name) {
        return name;
    }

    public static String config(String name) {
        return name + "-config";
    }

    public static String credentials(String name) {
        return name + "-credentials";
    }
}
