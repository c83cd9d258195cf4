package io.eventqueue.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/**
 * Observed state. Holds no timestamp other than each condition's lastTransitionTime, so an unchanged world gives an
 * equal status and no write.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EventQueueStatus(
        @JsonPropertyDescription("metadata.generation of the spec this status describes.")
        Long observedGeneration,
        @JsonPropertyDescription("Pending, Progressing, Ready, Degraded or Failed.")
        Phase phase,
        @JsonPropertyDescription("Desired pods.")
        Integer replicas,
        @JsonPropertyDescription("Pods passing their readiness probe.")
        Integer readyReplicas,
        @JsonPropertyDescription("readyReplicas/replicas, for kubectl get.")
        String ready,
        @JsonPropertyDescription("In-cluster URL of the API.")
        String endpoint,
        @JsonPropertyDescription("Ready, Progressing and Degraded.")
        List<Condition> conditions) {

    public enum Phase { Pending, Progressing, Ready, Degraded, Failed }
}
