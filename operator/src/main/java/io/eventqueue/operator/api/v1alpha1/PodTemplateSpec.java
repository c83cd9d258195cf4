package io.eventqueue.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.generator.annotation.Size;
import java.util.List;
import java.util.Map;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record PodTemplateSpec(
        @JsonPropertyDescription("Extra pod labels (app.kubernetes.io/* labels of the operator win).")
        Map<String, String> labels,
        @JsonPropertyDescription("Extra pod annotations (the operator's eventqueue.io/* annotations win).")
        Map<String, String> annotations,
        @JsonPropertyDescription("Node selector of the pods.")
        Map<String, String> nodeSelector,
        @JsonPropertyDescription("Tolerations of the pods.")
        @Size(max = 32) List<Toleration> tolerations,
        @JsonPropertyDescription("PriorityClass of the pods.")
        @Size(max = 253) String priorityClassName) {
}
