package io.eventqueue.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record ComputeSpec(
        @JsonPropertyDescription("CPU quantity, e.g. 500m or 2.")
        @Default("500m") @Size(max = 32) @Pattern(Specs.QUANTITY) String cpu,
        @JsonPropertyDescription("Memory quantity, e.g. 512Mi or 1Gi. The JVM heap takes up to 75% of it.")
        @Default("512Mi") @Size(max = 32) @Pattern(Specs.QUANTITY) String memory) {
}
