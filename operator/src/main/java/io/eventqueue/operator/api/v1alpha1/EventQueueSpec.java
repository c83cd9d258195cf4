package io.eventqueue.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

import java.util.List;

/**
 * Desired state of an EventQueue. Every field is optional in YAML: the API server applies the CRD defaults, and
 * {@link #withDefaults()} applies the same defaults in Java (for {@code render} and for servers that skip defaulting).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.availability) || !has(self.availability.podDisruptionBudget)"
        + " || !has(self.availability.podDisruptionBudget.minAvailable) || has(self.autoscaling)"
        + " || self.availability.podDisruptionBudget.minAvailable < self.replicas",
        message = "availability.podDisruptionBudget.minAvailable must be less than replicas, otherwise no pod may ever be evicted and node drains block")
@ValidationRule(value = "!has(self.availability) || !has(self.availability.podDisruptionBudget)"
        + " || !has(self.availability.podDisruptionBudget.minAvailable) || !has(self.autoscaling)"
        + " || self.availability.podDisruptionBudget.minAvailable < self.autoscaling.minReplicas",
        message = "availability.podDisruptionBudget.minAvailable must be less than autoscaling.minReplicas, otherwise no pod may ever be evicted and node drains block")
@ValidationRule(value = "(has(self.durability) && has(self.durability.mode) && self.durability.mode == 'kafka')"
        + " == has(self.kafka)",
        message = "kafka is required with durability.mode kafka, and only then")
public record EventQueueSpec(
        @JsonPropertyDescription("Number of runtime pods. Ignored when autoscaling is set (the HorizontalPodAutoscaler owns the count).")
        @Default("1") @Min(1) @Max(100) Integer replicas,
        @JsonPropertyDescription("Runtime container image. Default: the image the operator was started with (--runtime-image).")
        @Size(max = 512) String image,
        @JsonPropertyDescription("Image pull policy of the runtime container.")
        @Default("IfNotPresent") ImagePullPolicy imagePullPolicy,
        @JsonPropertyDescription("CPU and memory of each pod. Requests always equal limits, so every pod is in QoS class Guaranteed.")
        @Default("{}") ResourcesSpec resources,
        @JsonPropertyDescription("Bounded in-memory queue and worker pool of each pod.")
        @Default("{}") QueueSpec queue,
        @JsonPropertyDescription("What an accepted event survives: memory (fastest, lost on crash) or a journal written before 202.")
        @Default("{}") DurabilitySpec durability,
        @JsonPropertyDescription("The Kafka cluster, with durability.mode kafka.")
        KafkaSpec kafka,
        @JsonPropertyDescription("Token issuing and admin credentials.")
        @Default("{}") AuthSpec auth,
        @JsonPropertyDescription("Rate limits for the whole instance; the operator divides them among the pods.")
        @Default("{}") RateLimitSpec rateLimit,
        @JsonPropertyDescription("Where processed events go: log (stdout), file (JSON Lines in the data volume), webhook (HTTP).")
        @Default("{}") SinksSpec sinks,
        @JsonPropertyDescription("Delivery retries to sinks before an event is dead-lettered.")
        @Default("{}") DeliverySpec delivery,
        @JsonPropertyDescription("TLS for the API port. Off when absent.")
        TlsSpec tls,
        @JsonPropertyDescription("OpenTelemetry tracing.")
        @Default("{}") TracingSpec tracing,
        @JsonPropertyDescription("Runtime log level and access log.")
        @Default("{}") LoggingSpec logging,
        @JsonPropertyDescription("Graceful shutdown: how long a pod drains its queue after SIGTERM.")
        @Default("{}") ShutdownSpec shutdown,
        @JsonPropertyDescription("PodDisruptionBudget, topology spread, pod anti-affinity and node affinity.")
        @Default("{}") AvailabilitySpec availability,
        @JsonPropertyDescription("NetworkPolicy: who may call the API, who may scrape metrics, optional egress restriction.")
        @Default("{}") NetworkSpec network,
        @JsonPropertyDescription("HorizontalPodAutoscaler on CPU. No autoscaling when absent.")
        AutoscalingSpec autoscaling,
        @JsonPropertyDescription("Extra pod labels, annotations, scheduling constraints and priority class.")
        @Default("{}") PodTemplateSpec podTemplate,
        @JsonPropertyDescription("open: any CloudEvent type is accepted; strict: only log, metric and the eventTypes declared here.")
        @Default("open") EventTypesMode eventTypesMode,
        @JsonPropertyDescription("Declared CloudEvents types, each with an optional JSON Schema for its data and required extensions.")
        @Size(max = 256) List<EventTypeSpec> eventTypes,
        @JsonPropertyDescription("Which EventSubscriptions may reference this EventQueue (its own namespace's always may).")
        @Default("{}") SubscriptionsSpec subscriptions) {

    static EventQueueSpec empty() {
        return new EventQueueSpec(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null);
    }

    /** This spec with every CRD default applied (nested sections included); {@code image} stays as given. */
    public EventQueueSpec withDefaults() {
        return SpecDefaults.apply(this);
    }

    public enum ImagePullPolicy { Always, IfNotPresent, Never }

    /** The runtime's {@code events.types.mode}. */
    public enum EventTypesMode { open, strict }
}
