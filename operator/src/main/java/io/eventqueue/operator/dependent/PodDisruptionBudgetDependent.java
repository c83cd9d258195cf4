package io.eventqueue.operator.dependent;

import io.eventqueue.operator.api.v1alpha1.EventQueue;
import io.eventqueue.operator.render.Instance;
import io.eventqueue.operator.render.Labels;
import io.eventqueue.operator.render.Names;
import io.eventqueue.operator.render.PodDisruptionBudgetRenderer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/** Exists only while the spec calls for it; the workflow deletes it when {@link Wanted} turns false. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class PodDisruptionBudgetDependent extends EventQueueDependent<PodDisruptionBudget> {
    public PodDisruptionBudgetDependent() {
        super(PodDisruptionBudget.class);
    }

    @Override
    protected PodDisruptionBudget render(Instance instance, EventQueue primary, Context<EventQueue> context) {
        return PodDisruptionBudgetRenderer.render(instance).orElseThrow();
    }

    @Override
    protected String name(String name) {
        return Names.workload(name);
    }

    /** Reconcile precondition: the renderer produces the object for this spec. */
    public static final class Wanted implements Condition<PodDisruptionBudget, EventQueue> {
        @Override
        public boolean isMet(DependentResource<PodDisruptionBudget, EventQueue> dependent, EventQueue primary,
                Context<EventQueue> context) {
            Instance instance = ((EventQueueDependent<?>) dependent).instance(primary);
            return PodDisruptionBudgetRenderer.render(instance).isPresent();
        }
    }
}
