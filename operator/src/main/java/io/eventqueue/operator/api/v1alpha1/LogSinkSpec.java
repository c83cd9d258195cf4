package io.eventqueue.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record LogSinkSpec(
        @JsonPropertyDescription("Write processed events to stdout.")
        @Default("true") Boolean enabled) {
}
