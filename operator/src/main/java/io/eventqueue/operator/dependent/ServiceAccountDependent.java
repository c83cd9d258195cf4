package io.eventqueue.operator.dependent;

import io.eventqueue.operator.api.v1alpha1.EventQueue;
import io.eventqueue.operator.render.Instance;
import io.eventqueue.operator.render.Labels;
import io.eventqueue.operator.render.Names;
import io.eventqueue.operator.render.ServiceAccountRenderer;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class ServiceAccountDependent extends EventQueueDependent<ServiceAccount> {
    public ServiceAccountDependent() {
        super(ServiceAccount.class);
    }

    @Override
    protected ServiceAccount render(Instance instance, EventQueue primary, Context<EventQueue> context) {
        return ServiceAccountRenderer.render(instance);
    }

    @Override
    protected String name(String name) {
        return Names.workload(name);
    }
}
