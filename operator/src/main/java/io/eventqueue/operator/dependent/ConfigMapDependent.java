package io.eventqueue.operator.dependent;

import io.eventqueue.operator.api.v1alpha1.EventQueue;
import io.eventqueue.operator.render.ConfigMapRenderer;
import io.eventqueue.operator.render.Instance;
import io.eventqueue.operator.render.Labels;
import io.eventqueue.operator.render.Names;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class ConfigMapDependent extends EventQueueDependent<ConfigMap> {
    public ConfigMapDependent() {
        super(ConfigMap.class);
    }

    @Override
    protected ConfigMap render(Instance instance, EventQueue primary, Context<EventQueue> context) {
        return ConfigMapRenderer.render(instance);
    }

    @Override
    protected String name(String name) {
        return Names.config(name);
    }
}
