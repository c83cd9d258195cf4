package io.eventqueue.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

import java.util.List;

/** A declared CloudEvents type: rendered into the runtime's {@code events.types.declared}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!(has(self.schema) && has(self.schemaFrom))",
        message = "give schema or schemaFrom, not both")
public record EventTypeSpec(
        @JsonPropertyDescription("CloudEvents type: exact (com.example.order.created) or a prefix ending in * (com.example.order.*).")
        @Required @Size(min = 1, max = 200) @Pattern("^([^*\\s]+\\*?|\\*)$") String type,
        @JsonPropertyDescription("JSON Schema of the event's data, inline (2020-12 unless $schema names draft-07, 2019-09, …); at most 64 KiB and 32 levels deep.")
        @SchemaFrom(type = Object.class) @PreserveUnknownFields JsonNode schema,
        @JsonPropertyDescription("JSON Schema of the event's data from a key of a ConfigMap in the EventQueue's namespace (JSON or YAML).")
        ConfigMapKeyReference schemaFrom,
        // Names are checked by the operator (a CEL rule iterating unbounded strings would exceed the cost budget).
        @JsonPropertyDescription("CloudEvents extension attributes every event of the type must carry (1 to 64 lower-case letters and digits).")
        @Size(max = 16) List<String> requiredExtensions) {
}
