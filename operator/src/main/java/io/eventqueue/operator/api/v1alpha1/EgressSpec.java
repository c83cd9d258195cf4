package io.eventqueue.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.Default;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record EgressSpec(
        @JsonPropertyDescription("Allow DNS (port 53 UDP and TCP) to any destination, so sink and tracing host names resolve.")
        @Default("true") Boolean allowDns,
        @JsonPropertyDescription("Egress rules as in a NetworkPolicy (webhook receivers, OTLP collector). Everything else is denied.")
        @Size(max = 32) List<NetworkPolicyEgressRule> rules) {
}
