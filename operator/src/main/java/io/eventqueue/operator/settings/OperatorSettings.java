package io.eventqueue.operator.settings;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * How this operator process runs.
 *
 * @param namespaces namespaces to watch; empty means all
 * @param runtimeImage image for EventQueues whose spec names none
 * @param leaderElection whether only the holder of the Lease reconciles
 * @param leaseName name of the leader-election Lease
 * @param leaseNamespace namespace of the Lease (the operator's own); null lets the client pick its namespace
 * @param identity this replica's name in the Lease (the pod name)
 * @param managementPort port of /metrics and /health/*; 0 picks a free one
 * @param resyncInterval longest time between two reconciles of an unchanged EventQueue
 */
public record OperatorSettings(Set<String> namespaces, String runtimeImage, boolean leaderElection, String leaseName,
        String leaseNamespace, String identity, int managementPort, Duration resyncInterval) {
    public static final String DEFAULT_RUNTIME_IMAGE = "ghcr.io/eventqueue/eventqueue-runtime:0.1.0";
    public static final String DEFAULT_LEASE_NAME = "eventqueue-operator";
    public static final int DEFAULT_MANAGEMENT_PORT = 8081;
    public static final Duration DEFAULT_RESYNC_INTERVAL = Duration.ofMinutes(10);

    public OperatorSettings {
        namespaces = Set.copyOf(namespaces);
        Objects.requireNonNull(runtimeImage, "runtimeImage");
        Objects.requireNonNull(leaseName, "leaseName");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(resyncInterval, "resyncInterval");
    }
}
