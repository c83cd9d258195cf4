package io.eventqueue.operator.render;

import io.eventqueue.operator.api.v1alpha1.AutoscalingSpec;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpecBuilder;
import java.util.Optional;

/** A CPU-based HorizontalPodAutoscaler when the spec asks for autoscaling. */
public final class HorizontalPodAutoscalerRenderer {
    private HorizontalPodAutoscalerRenderer() {
    }

    public static Optional<HorizontalPodAutoscaler> render(Instance instance) {
        AutoscalingSpec autoscaling = instance.spec().autoscaling();
        if (autoscaling == null) {
            return Optional.empty();
        }
        return Optional.of(new HorizontalPodAutoscalerBuilder()
                .withMetadata(Metadata.of(instance, Names.workload(instance.name())))
                .withNewSpec()
                .withNewScaleTargetRef().withApiVersion("apps/v1").withKind("Deployment")
                .withName(Names.workload(instance.name())).endScaleTargetRef()
                .withMinReplicas(autoscaling.minReplicas())
                .withMaxReplicas(autoscaling.maxReplicas())
                .withMetrics(new MetricSpecBuilder()
                        .withType("Resource")
                        .withNewResource().withName("cpu")
                        .withNewTarget().withType("Utilization")
                        .withAverageUtilization(autoscaling.targetCpuUtilization()).endTarget()
                        .endResource()
                        .build())
                .endSpec()
                .build());
    }
}
