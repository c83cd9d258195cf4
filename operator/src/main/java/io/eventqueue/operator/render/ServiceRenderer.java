package io.eventqueue.operator.render;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;

/** ClusterIP Service with the named API and management ports. */
public final class ServiceRenderer {
    private ServiceRenderer() {
    }

    public static Service render(Instance instance) {
        return new ServiceBuilder()
                .withMetadata(Metadata.of(instance, Names.workload(instance.name())))
                .withNewSpec()
                .withType("ClusterIP")
                .withSelector(Labels.selector(instance.name()))
                .withPorts(
                        new ServicePortBuilder().withName(RuntimeLayout.HTTP_PORT_NAME).withProtocol("TCP")
                                .withPort(RuntimeLayout.HTTP_PORT)
                                .withTargetPort(new IntOrString(RuntimeLayout.HTTP_PORT_NAME)).build(),
                        new ServicePortBuilder().withName(RuntimeLayout.MANAGEMENT_PORT_NAME).withProtocol("TCP")
                                .withPort(RuntimeLayout.MANAGEMENT_PORT)
                                .withTargetPort(new IntOrString(RuntimeLayout.MANAGEMENT_PORT_NAME)).build())
                .endSpec()
                .build();
    }
}
