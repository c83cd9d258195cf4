package io.eventqueue.operator.render;

import io.eventqueue.operator.api.v1alpha1.EventQueue;
import io.eventqueue.operator.api.v1alpha1.EventQueueSpec;
import java.util.Objects;

/**
 * One EventQueue as the renderers see it: its name, namespace, spec with every default applied, and the image to
 * run.
 */
public record Instance(String name, String namespace, EventQueueSpec spec, String image) {

    public Instance {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(image, "image");
    }

    /** The instance for a custom resource; {@code defaultImage} is used when the spec names no image. */
    public static Instance of(EventQueue resource, String defaultImage) {
        EventQueueSpec spec = (resource.getSpec() == null ? new EventQueue().getSpec() : resource.getSpec())
                .withDefaults();
        String namespace = resource.getMetadata().getNamespace() == null ? "default"
                : resource.getMetadata().getNamespace();
        return new Instance(resource.getMetadata().getName(), namespace, spec,
                spec.image() == null || spec.image().isBlank() ? defaultImage : spec.image());
    }

    public boolean autoscaled() {
        return spec.autoscaling() != null;
    }

    /** Pods that run when nothing is disrupted: the HPA floor when autoscaled, else replicas. */
    public int minimumReplicas() {
        return autoscaled() ? spec.autoscaling().minReplicas() : spec.replicas();
    }

    /** Largest pod count; instance-wide rate limits are divided by it so they hold at any scale. */
    public int maximumReplicas() {
        return autoscaled() ? spec.autoscaling().maxReplicas() : spec.replicas();
    }

    public boolean tls() {
        return spec.tls() != null;
    }

    /** Secret holding admin-user, admin-password and jwt-key: the user's, or the one the operator generates. */
    public String credentialsSecretName() {
        return spec.auth().adminSecretRef() != null ? spec.auth().adminSecretRef().name() : Names.credentials(name);
    }

    public String endpoint() {
        return (tls() ? "https://" : "http://") + name + "." + namespace + ".svc:" + RuntimeLayout.HTTP_PORT;
    }

    public boolean kafka() {
        return spec.durability().mode() == io.eventqueue.operator.api.v1alpha1.DurabilitySpec.Mode.kafka;
    }

    /** Kafka pods keep no state: a data volume only when the file sink writes into it. */
    public boolean dataVolume() {
        return !kafka() || spec.sinks().file().enabled();
    }

    /** The events topic: the spec's, or one per instance. */
    public String kafkaTopic() {
        return spec.kafka().topic() != null ? spec.kafka().topic() : "eventqueue." + namespace + "." + name;
    }
}
