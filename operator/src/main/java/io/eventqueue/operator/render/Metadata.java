package io.eventqueue.operator.render;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

final class Metadata {
    private Metadata() {
    }

    static ObjectMeta of(Instance instance, String name) {
        return new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(instance.namespace())
                .withLabels(Labels.common(instance.name()))
                .build();
    }
}
