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

/** An event-queue instance: the operator turns its spec into a hardened runtime workload. */
@Group(EventQueue.GROUP)
@Version(EventQueue.VERSION)
@Kind("EventQueue")
@Plural("eventqueues")
@Singular("eventqueue")
@ShortNames("eq")
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.ready", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Endpoint", jsonPath = ".status.endpoint", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class EventQueue extends CustomResource<EventQueueSpec, EventQueueStatus> implements Namespaced {
    public static final String GROUP = "eventqueue.io";
    public static final String VERSION = "v1alpha1";

    @Override
    protected EventQueueSpec initSpec() {
        return EventQueueSpec.empty();
    }
}
