package io.eventqueue.operator.api.v1alpha1;

import static io.eventqueue.operator.api.v1alpha1.Specs.or;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.limits) || (self.limits.cpu == self.requests.cpu && self.limits.memory == self.requests.memory)",
        message = "resources.limits must equal resources.requests (cpu and memory, written identically) so every pod is in QoS class Guaranteed; omit limits to copy requests")
public record ResourcesSpec(
        @JsonPropertyDescription("CPU and memory requested by each pod.")
        @Default("{}") ComputeSpec requests,
        @JsonPropertyDescription("Optional; when given it must equal requests. The operator always sets limits = requests.")
        ComputeSpec limits) {

    static final ResourcesSpec EMPTY = new ResourcesSpec(null, null);

    ResourcesSpec withDefaults() {
        ComputeSpec effective = or(requests, ComputeSpec.EMPTY).withDefaults();
        return new ResourcesSpec(effective, limits == null ? null : limits.withDefaults());
    }
}
