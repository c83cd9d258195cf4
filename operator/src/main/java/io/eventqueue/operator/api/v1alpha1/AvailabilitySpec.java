package io.eventqueue.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.kubernetes.api.model.NodeAffinity;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record AvailabilitySpec(
        @JsonPropertyDescription("PodDisruptionBudget. None at one replica; maxUnavailable 1 from two replicas unless overridden.")
        @Default("{}") PodDisruptionBudgetSpec podDisruptionBudget,
        @JsonPropertyDescription("Spread of pods over zones and nodes.")
        @Default("{}") TopologySpreadSpec topologySpread,
        @JsonPropertyDescription("Pod anti-affinity on hostname: preferred (default), required (one pod per node), none.")
        @Default("preferred") AntiAffinity podAntiAffinity,
        @JsonPropertyDescription("Node affinity of the pods, as in a Pod spec.")
        NodeAffinity nodeAffinity,
        @JsonPropertyDescription("Seconds a rollout may go without progress (a new pod becoming ready) before the "
                + "Deployment reports ProgressDeadlineExceeded and the EventQueue turns Degraded (600 as in Kubernetes).")
        @Default("600") @Min(30) @Max(3600) Integer progressDeadlineSeconds) {

    public enum AntiAffinity { preferred, required, none }
}
