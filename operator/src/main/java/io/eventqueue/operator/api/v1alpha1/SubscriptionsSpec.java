package io.eventqueue.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** Which EventSubscriptions an EventQueue takes. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SubscriptionsSpec(
        @JsonPropertyDescription("Namespaces besides its own whose EventSubscriptions may reference this EventQueue.")
        @Size(max = 64) List<String> allowedNamespaces) {
}
