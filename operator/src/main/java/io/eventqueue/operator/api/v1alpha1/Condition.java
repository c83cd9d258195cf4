package io.eventqueue.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A standard Kubernetes condition. lastTransitionTime moves only when status flips. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Condition(
        @JsonPropertyDescription("Ready, Progressing or Degraded.")
        String type,
        @JsonPropertyDescription("True, False or Unknown.")
        String status,
        @JsonPropertyDescription("CamelCase reason.")
        String reason,
        @JsonPropertyDescription("What happened and what to do about it.")
        String message,
        @JsonPropertyDescription("RFC 3339 time of the last status change.")
        String lastTransitionTime) {
}
