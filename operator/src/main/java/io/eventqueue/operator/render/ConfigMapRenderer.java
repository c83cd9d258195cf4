package io.eventqueue.operator.render;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;

/** The ConfigMap holding the runtime's config.yaml. */
public final class ConfigMapRenderer {
    private ConfigMapRenderer() {
    }

    public static ConfigMap render(Instance instance) {
        return new ConfigMapBuilder()
                .withMetadata(Metadata.of(instance, Names.config(instance.name())))
                .addToData(RuntimeLayout.CONFIG_KEY, RuntimeConfigRenderer.render(instance))
                .build();
    }
}
