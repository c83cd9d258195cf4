package io.eventqueue.operator.render;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;

/** The pods' own identity; the runtime never calls the Kubernetes API, so no token is mounted. */
public final class ServiceAccountRenderer {
    private ServiceAccountRenderer() {
    }

    public static ServiceAccount render(Instance instance) {
        return new ServiceAccountBuilder()
                .withMetadata(Metadata.of(instance, Names.workload(instance.name())))
                .withAutomountServiceAccountToken(false)
                .build();
    }
}
