package io.eventqueue.operator.render;

import io.eventqueue.operator.api.v1alpha1.EventQueue;
import io.eventqueue.operator.api.v1alpha1.EventQueueSpec;
import java.util.Map;
import java.util.Objects;

/**
 * One EventQueue as the renderers see it: its name, namespace, spec with every default applied, the image to run,
 * and the content of the ConfigMap keys its event types take schemas from.
 *
 * @param schemaSources {@link #sourceKey ConfigMap name/key} → text, for every {@code eventTypes[].schemaFrom} that
 *                      could be read; a missing one makes rendering the config fail with a message naming it
 */
public record Instance(String name, String namespace, EventQueueSpec spec, String image,
                       Map<String, String> schemaSources) {

    public Instance {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(image, "image");
        schemaSources = Map.copyOf(schemaSources);
    }

    /** The instance for a custom resource; {@code defaultImage} is used when the spec names no image. */
    public static Instance of(EventQueue resource, String defaultImage) {
        return of(resource, defaultImage, Map.of());
    }

    /** The same, with the schemas its event types reference (see {@link #schemaSources}). */
    public static Instance of(EventQueue resource, String defaultImage, Map<String, String> schemaSources) {
        EventQueueSpec spec = (resource.getSpec() == null ? new EventQueue().getSpec() : resource.getSpec())
                .withDefaults();
        String namespace = resource.getMetadata().getNamespace() == null ? "default"
                : resource.getMetadata().getNamespace();
        return new Instance(resource.getMetadata().getName(), namespace, spec,
                spec.image() == null || spec.image().isBlank() ? defaultImage : spec.image(), schemaSources);
    }

    /** The key of {@link #schemaSources} for a ConfigMap key. */
    public static String sourceKey(String configMap, String key) {
        return configMap + "/" + key;
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
}
