package io.eventqueue.operator.reconciler;

import io.eventqueue.operator.events.KubernetesEvents;
import io.eventqueue.operator.settings.OperatorSettings;
import io.eventqueue.operator.api.v1alpha1.Condition;
import io.eventqueue.operator.api.v1alpha1.EventQueue;
import io.eventqueue.operator.api.v1alpha1.EventSubscription;
import io.eventqueue.operator.api.v1alpha1.EventSubscriptionStatus;
import io.eventqueue.operator.dependent.SubscriptionLookup;
import io.eventqueue.operator.render.SubscriptionVerdict;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Keeps an EventSubscription's status true to what the EventQueue reconciler folds: Ready when the subscription is in
 * its EventQueue's config, otherwise False with the reason (EventQueueMissing, NamespaceNotAllowed,
 * SubscriberServiceMissing, FilterInvalid, TransformInvalid). The same {@link SubscriptionVerdict} decides both, so
 * the status never claims a subscription the pods do not have. The status is written only when it changed.
 */
public class EventSubscriptionReconciler implements Reconciler<EventSubscription> {
    private final OperatorSettings settings;
    private final KubernetesEvents events;
    private final Clock clock;

    public EventSubscriptionReconciler(OperatorSettings settings, KubernetesEvents events, Clock clock) {
        this.settings = settings;
        this.events = events;
        this.clock = clock;
    }

    /** A change of an EventQueue (created, deleted, its allowedNamespaces) re-decides the subscriptions naming it. */
    @Override
    public List<EventSource<?, EventSubscription>> prepareEventSources(EventSourceContext<EventSubscription> context) {
        var queues = InformerEventSourceConfiguration.from(EventQueue.class, EventSubscription.class)
                .withName("event-queues")
                .withSecondaryToPrimaryMapper(q -> SubscriptionLookup.referencing(q, context.getClient(),
                        settings.namespaces()).stream().map(ResourceID::fromResource).collect(Collectors.toSet()))
                .build();
        return List.of(new InformerEventSource<>(queues, context));
    }

    @Override
    public UpdateControl<EventSubscription> reconcile(EventSubscription resource, Context<EventSubscription> context) {
        SubscriptionVerdict verdict = SubscriptionLookup.verdict(resource, context.getClient());
        EventSubscriptionStatus before = resource.getStatus();
        EventSubscriptionStatus next = status(resource, verdict, before);
        if (next.equals(before)) {
            return UpdateControl.noUpdate();
        }
        if (verdict instanceof SubscriptionVerdict.Refused refused) {
            events.warning(resource, refused.reason(), refused.message());
        }
        EventSubscription patched = new EventSubscription();
        patched.setMetadata(resource.getMetadata());
        patched.setSpec(resource.getSpec());
        patched.setStatus(next);
        return UpdateControl.patchStatus(patched);
    }

    private EventSubscriptionStatus status(EventSubscription resource, SubscriptionVerdict verdict,
                                           EventSubscriptionStatus before) {
        Condition ready = switch (verdict) {
            case SubscriptionVerdict.Folded f -> new Condition("Ready", "True", "Folded",
                    "in the config of EventQueue " + SubscriptionVerdict.queueNamespace(resource) + "/"
                            + resource.getSpec().eventQueueRef().name() + "; a change rolls its pods", null);
            case SubscriptionVerdict.Refused r -> new Condition("Ready", "False", r.reason(),
                    r.message() + "; no event is delivered to this subscriber", null);
        };
        Condition previous = before == null || before.conditions() == null ? null
                : before.conditions().stream().filter(c -> "Ready".equals(c.type())).findFirst().orElse(null);
        String since = previous != null && Objects.equals(previous.status(), ready.status())
                ? previous.lastTransitionTime() : clock.instant().toString();
        Condition stamped = new Condition(ready.type(), ready.status(), ready.reason(), ready.message(), since);
        String uri = verdict instanceof SubscriptionVerdict.Folded f ? f.uri() : null;
        return new EventSubscriptionStatus(resource.getMetadata().getGeneration(), uri, List.of(stamped));
    }
}
