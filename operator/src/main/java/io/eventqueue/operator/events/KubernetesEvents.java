package io.eventqueue.operator.events;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Records Kubernetes Events on an EventQueue or EventSubscription (shown by kubectl describe). Never fails a reconcile. */
public final class KubernetesEvents {
    public static final String COMPONENT = "eventqueue-operator";
    private static final Logger LOG = LoggerFactory.getLogger(KubernetesEvents.class);

    private final KubernetesClient client;
    private final Clock clock;

    public KubernetesEvents(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    public void normal(HasMetadata resource, String reason, String message) {
        record(resource, "Normal", reason, message);
    }

    public void warning(HasMetadata resource, String reason, String message) {
        record(resource, "Warning", reason, message);
    }

    private void record(HasMetadata resource, String type, String reason, String message) {
        String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        var event = new EventBuilder()
                .withNewMetadata()
                .withName(resource.getMetadata().getName() + "." + UUID.randomUUID().toString().substring(0, 13))
                .withNamespace(resource.getMetadata().getNamespace())
                .endMetadata()
                .withInvolvedObject(new ObjectReferenceBuilder()
                        .withApiVersion(resource.getApiVersion())
                        .withKind(resource.getKind())
                        .withName(resource.getMetadata().getName())
                        .withNamespace(resource.getMetadata().getNamespace())
                        .withUid(resource.getMetadata().getUid())
                        .withResourceVersion(resource.getMetadata().getResourceVersion())
                        .build())
                .withType(type)
                .withReason(reason)
                .withMessage(message.length() > 1024 ? message.substring(0, 1024) : message)
                .withNewSource().withComponent(COMPONENT).endSource()
                .withReportingComponent("eventqueue.io/" + COMPONENT)
                .withReportingInstance(System.getenv().getOrDefault("HOSTNAME", COMPONENT))
                .withFirstTimestamp(now)
                .withLastTimestamp(now)
                .withCount(1)
                .build();
        try {
            client.v1().events().inNamespace(resource.getMetadata().getNamespace()).resource(event).create();
        } catch (KubernetesClientException e) {
            LOG.warn("could not record event {} on {}/{}: {}", reason, resource.getMetadata().getNamespace(),
                    resource.getMetadata().getName(), e.getMessage());
        }
    }
}
