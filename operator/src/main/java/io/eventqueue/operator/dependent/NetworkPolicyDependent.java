package io.eventqueue.operator.dependent;

import io.eventqueue.operator.api.v1alpha1.EventQueue;
import io.eventqueue.operator.render.Instance;
import io.eventqueue.operator.render.Labels;
import io.eventqueue.operator.render.Names;
import io.eventqueue.operator.render.NetworkPolicyRenderer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/** Exists only while the spec calls for it; the workflow deletes it when {@link Wanted} turns false. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class NetworkPolicyDependent extends EventQueueDependent<NetworkPolicy> {
    public NetworkPolicyDependent() {
        super(NetworkPolicy.class);
    }

    @Override
    protected NetworkPolicy render(Instance instance, EventQueue primary, Context<EventQueue> context) {
        return NetworkPolicyRenderer.render(instance).orElseThrow();
    }

    @Override
    protected String name(String name) {
        return Names.workload(name);
    }

    /** Reconcile precondition: the renderer produces the object for this spec. */
    public static final class Wanted implements Condition<NetworkPolicy, EventQueue> {
        @Override
        public boolean isMet(DependentResource<NetworkPolicy, EventQueue> dependent, EventQueue primary,
                Context<EventQueue> context) {
            Instance instance = ((EventQueueDependent<?>) dependent).instance(primary);
            return NetworkPolicyRenderer.render(instance).isPresent();
        }
    }
}
