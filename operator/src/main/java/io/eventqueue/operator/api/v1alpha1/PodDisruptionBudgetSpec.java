package io.eventqueue.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!(has(self.maxUnavailable) && has(self.minAvailable))",
        message = "set either availability.podDisruptionBudget.maxUnavailable or minAvailable, not both")
public record PodDisruptionBudgetSpec(
        @JsonPropertyDescription("Create a PodDisruptionBudget (only ever from two pods).")
        @Default("true") Boolean enabled,
        @JsonPropertyDescription("Pods that may be down at once during voluntary disruptions (default 1).")
        @Min(1) @Max(100) Integer maxUnavailable,
        @JsonPropertyDescription("Pods that must stay up during voluntary disruptions; must be less than replicas.")
        @Min(1) @Max(100) Integer minAvailable) {
}
