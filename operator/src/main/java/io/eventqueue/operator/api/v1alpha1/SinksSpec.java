package io.eventqueue.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record SinksSpec(
        @JsonPropertyDescription("One JSON line per processed event on stdout.")
        @Default("{}") LogSinkSpec log,
        @JsonPropertyDescription("JSON Lines file in the pod's data volume, rotated by size.")
        @Default("{}") FileSinkSpec file,
        @JsonPropertyDescription("CloudEvents over HTTP to a receiver.")
        @Default("{}") WebhookSinkSpec webhook) {
}
