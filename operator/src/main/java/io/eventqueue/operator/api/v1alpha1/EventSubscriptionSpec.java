package io.eventqueue.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Desired state of an EventSubscription. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EventSubscriptionSpec(
        @JsonPropertyDescription("The EventQueue whose events this subscription receives. Another namespace only if that EventQueue lists this one in spec.subscriptions.allowedNamespaces.")
        @Required EventQueueReference eventQueueRef,
        @JsonPropertyDescription("Which events: one filter as the runtime's subscriptions[].filters take them ({exact|prefix|suffix: {attribute: value}}, {all|any: [...]}, {not: {...}}, {cesql: \"...\"}). None: every event.")
        @PreserveUnknownFields JsonNode filter,
        @JsonPropertyDescription("Where the events go: a URL, or a Service the operator resolves.")
        @Required SubscriberSpec subscriber,
        @JsonPropertyDescription("Delivery retries to this subscriber before an event is dead-lettered for it.")
        SubscriptionDeliverySpec delivery,
        @JsonPropertyDescription("Applied to what this subscriber receives: {set: {name: value}, remove: [names], data: [JSON Patch]}.")
        @PreserveUnknownFields JsonNode transform) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EventQueueReference(
            @JsonPropertyDescription("Name of the EventQueue.")
            @Required @Size(min = 1, max = 63) String name,
            @JsonPropertyDescription("Its namespace. Default: the subscription's.")
            @Size(max = 63) String namespace) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @ValidationRule(value = "has(self.uri) != has(self.ref)", message = "give subscriber.uri or subscriber.ref, exactly one")
    public record SubscriberSpec(
            @JsonPropertyDescription("http:// or https:// URL of the webhook receiver.")
            @Size(max = 2048) @Pattern("^https?://.+") String uri,
            @JsonPropertyDescription("A Service in the subscription's namespace; the operator resolves it to http://NAME.NAMESPACE.svc:PORT/PATH.")
            ServiceReference ref,
            @JsonPropertyDescription("CloudEvents HTTP mode: binary or structured.")
            @Pattern("^(binary|structured)$") String mode) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ServiceReference(
            @JsonPropertyDescription("Name of the Service.")
            @Required @Size(min = 1, max = 63) String name,
            @JsonPropertyDescription("Its port number.")
            @Required @Min(1) @Max(65535) Integer port,
            @JsonPropertyDescription("Request path, starting with /.")
            @Size(max = 1024) @Pattern("^/.*") String path) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SubscriptionDeliverySpec(
            @JsonPropertyDescription("Attempts before an event is dead-lettered. Default: the EventQueue's spec.delivery.")
            @Min(1) @Max(100) Integer maxAttempts,
            @JsonPropertyDescription("First retry delay.")
            @Size(max = 16) @Pattern(Specs.DURATION) String backoffBase,
            @JsonPropertyDescription("Retry delay cap.")
            @Size(max = 16) @Pattern(Specs.DURATION) String backoffMax) {
    }
}
