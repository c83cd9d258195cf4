package io.eventqueue.operator.dependent;

import io.eventqueue.operator.api.v1alpha1.EventQueue;
import io.eventqueue.operator.api.v1alpha1.EventSubscription;
import io.eventqueue.operator.render.SubscriptionRenderer.FoldedSubscription;
import io.eventqueue.operator.render.SubscriptionVerdict;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads what {@link SubscriptionVerdict} decides on: the EventSubscriptions that reference an EventQueue (in the
 * namespaces the operator watches), the EventQueue a subscription references, and the Service a subscriber names.
 * They are read directly, not from a cache, as the user's ConfigMaps and Secrets are.
 */
public final class SubscriptionLookup {
    private SubscriptionLookup() {
    }

    /** The subscriptions referencing {@code queue}, each with its verdict. */
    public static List<EventSubscription> referencing(EventQueue queue, KubernetesClient client, Set<String> namespaces) {
        List<EventSubscription> all = new ArrayList<>();
        if (namespaces.isEmpty()) {
            all.addAll(client.resources(EventSubscription.class).inAnyNamespace().list().getItems());
        } else {
            for (String ns : namespaces) {
                all.addAll(client.resources(EventSubscription.class).inNamespace(ns).list().getItems());
            }
        }
        return all.stream().filter(s -> s.getSpec() != null && s.getSpec().eventQueueRef() != null
                && s.getSpec().eventQueueRef().name().equals(queue.getMetadata().getName())
                && SubscriptionVerdict.queueNamespace(s).equals(queue.getMetadata().getNamespace())).toList();
    }

    /** The subscriptions {@code queue}'s config takes: those whose verdict is {@link SubscriptionVerdict.Folded}. */
    public static List<FoldedSubscription> folded(EventQueue queue, KubernetesClient client, Set<String> namespaces) {
        List<FoldedSubscription> out = new ArrayList<>();
        for (EventSubscription s : referencing(queue, client, namespaces)) {
            if (verdict(s, Optional.of(queue), client) instanceof SubscriptionVerdict.Folded f) {
                out.add(new FoldedSubscription(s, f));
            }
        }
        return out;
    }

    /** The verdict on {@code subscription}, reading its EventQueue. */
    public static SubscriptionVerdict verdict(EventSubscription subscription, KubernetesClient client) {
        if (subscription.getSpec() == null || subscription.getSpec().eventQueueRef() == null) {
            return SubscriptionVerdict.of(subscription, Optional.empty(), Optional.empty());
        }
        EventQueue queue = client.resources(EventQueue.class).inNamespace(SubscriptionVerdict.queueNamespace(subscription))
                .withName(subscription.getSpec().eventQueueRef().name()).get();
        return verdict(subscription, Optional.ofNullable(queue), client);
    }

    private static SubscriptionVerdict verdict(EventSubscription subscription, Optional<EventQueue> queue,
                                               KubernetesClient client) {
        Optional<Service> service = Optional.empty();
        var ref = subscription.getSpec().subscriber() == null ? null : subscription.getSpec().subscriber().ref();
        if (ref != null && queue.isPresent()) {
            service = Optional.ofNullable(client.services().inNamespace(subscription.getMetadata().getNamespace())
                    .withName(ref.name()).get());
        }
        return SubscriptionVerdict.of(subscription, queue, service);
    }
}
