package io.eventqueue.operator.dependent;

import io.eventqueue.operator.api.v1alpha1.EventQueue;
import io.eventqueue.operator.render.Instance;
import io.eventqueue.operator.render.Labels;
import io.eventqueue.operator.render.Names;
import io.eventqueue.operator.render.HorizontalPodAutoscalerRenderer;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/** Exists only while the spec calls for it; the workflow deletes it when {@link Wanted} turns false. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class HorizontalPodAutoscalerDependent extends EventQueueDependent<HorizontalPodAutoscaler> {
    public HorizontalPodAutoscalerDependent() {
        super(HorizontalPodAutoscaler.class);
    }

    @Override
    protected HorizontalPodAutoscaler render(Instance instance, EventQueue primary, Context<EventQueue> context) {
        return HorizontalPodAutoscalerRenderer.render(instance).orElseThrow();
    }

    @Override
    protected String name(String name) {
        return Names.workload(name);
    }

    /** Reconcile precondition: the renderer produces the object for this spec. */
    public static final class Wanted implements Condition<HorizontalPodAutoscaler, EventQueue> {
        @Override
        public boolean isMet(DependentResource<HorizontalPodAutoscaler, EventQueue> dependent, EventQueue primary,
                Context<EventQueue> context) {
            Instance instance = ((EventQueueDependent<?>) dependent).instance(primary);
            return HorizontalPodAutoscalerRenderer.render(instance).isPresent();
        }
    }
}
