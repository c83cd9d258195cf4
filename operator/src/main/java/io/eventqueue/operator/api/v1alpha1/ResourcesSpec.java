package io.eventqueue.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
// Compared as quantities, not strings: 1 and 1000m, 0.5 and 500m, 1Gi and 1024Mi are the same amount.
@ValidationRule(value = "!has(self.limits) || (quantity(self.limits.cpu).compareTo(quantity(self.requests.cpu)) == 0"
        + " && quantity(self.limits.memory).compareTo(quantity(self.requests.memory)) == 0)",
        message = "resources.limits must equal resources.requests (cpu and memory) so every pod is in QoS class Guaranteed; omit limits to copy requests")
public record ResourcesSpec(
        @JsonPropertyDescription("CPU and memory requested by each pod.")
        @Default("{}") ComputeSpec requests,
        @JsonPropertyDescription("Optional; when given it must equal requests. The operator always sets limits = requests.")
        ComputeSpec limits) {
}
