package io.eventqueue.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** Observed state: whether the subscription is in its EventQueue's config, and why not. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EventSubscriptionStatus(
        @JsonPropertyDescription("metadata.generation of the spec this status describes.")
        Long observedGeneration,
        @JsonPropertyDescription("The URL events are delivered to (the resolved Service for subscriber.ref).")
        String subscriberUri,
        @JsonPropertyDescription("Ready: folded into the EventQueue's config; False with a reason when not.")
        List<Condition> conditions) {
}
