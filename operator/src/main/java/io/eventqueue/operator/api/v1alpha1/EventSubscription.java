package io.eventqueue.operator.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** Events of an EventQueue, filtered, delivered to a subscriber: folded by the operator into the queue's config. */
@Group(EventQueue.GROUP)
@Version(EventQueue.VERSION)
@Kind("EventSubscription")
@Plural("eventsubscriptions")
@Singular("eventsubscription")
@ShortNames("esub")
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Queue", jsonPath = ".spec.eventQueueRef.name", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Subscriber", jsonPath = ".status.subscriberUri", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class EventSubscription extends CustomResource<EventSubscriptionSpec, EventSubscriptionStatus> implements Namespaced {
}
