package io.eventqueue.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.Default;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record NetworkSpec(
        @JsonPropertyDescription("Create the NetworkPolicy.")
        @Default("true") Boolean policyEnabled,
        @JsonPropertyDescription("Who may call the API port (8080). Empty: every pod of the same namespace.")
        @Size(max = 32) List<NetworkPeer> apiFrom,
        @JsonPropertyDescription("Who may scrape the management port (9090: metrics, health). Empty: pods of the namespace named monitoring.")
        @Size(max = 32) List<NetworkPeer> metricsFrom,
        @JsonPropertyDescription("Restrict egress. Unrestricted when absent.")
        EgressSpec egress) {
}
