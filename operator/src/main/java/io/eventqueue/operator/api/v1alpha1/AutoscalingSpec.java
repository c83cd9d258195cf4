package io.eventqueue.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.minReplicas <= self.maxReplicas",
        message = "autoscaling.minReplicas must not exceed autoscaling.maxReplicas")
public record AutoscalingSpec(
        @JsonPropertyDescription("Fewest pods.")
        @Default("2") @Min(1) @Max(100) Integer minReplicas,
        @JsonPropertyDescription("Most pods. Rate limits are divided by this number, so the instance limit holds at any scale.")
        @Required @Min(1) @Max(100) Integer maxReplicas,
        @JsonPropertyDescription("Average CPU utilization (percent of requests) the autoscaler aims for.")
        @Default("70") @Min(10) @Max(100) Integer targetCpuUtilization) {
}
