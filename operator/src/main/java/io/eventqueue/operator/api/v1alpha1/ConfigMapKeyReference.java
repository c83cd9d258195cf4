package io.eventqueue.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** One key of a ConfigMap in the EventQueue's namespace. */
public record ConfigMapKeyReference(
        @JsonPropertyDescription("ConfigMap name.")
        @Required @Pattern("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$") String name,
        @JsonPropertyDescription("Key in the ConfigMap's data.")
        @Required @Pattern("^[-._a-zA-Z0-9]{1,253}$") String key) {
}
