package io.eventqueue.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.LabelSelector;

/** Pods allowed to connect: a namespace selector, a pod selector, or both (pods matching in matching namespaces). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.namespaceSelector) || has(self.podSelector)",
        message = "a network peer needs namespaceSelector, podSelector or both")
public record NetworkPeer(
        @JsonPropertyDescription("Namespaces (by label); {} means every namespace.")
        LabelSelector namespaceSelector,
        @JsonPropertyDescription("Pods (by label); alone it means pods of the EventQueue's namespace.")
        LabelSelector podSelector) {
}
