package io.eventqueue.operator.reconciler;

import io.eventqueue.operator.events.KubernetesEvents;
import io.eventqueue.operator.settings.OperatorSettings;
import io.eventqueue.operator.api.v1alpha1.EventQueue;
import io.eventqueue.operator.api.v1alpha1.EventSubscription;
import io.eventqueue.operator.render.SubscriptionVerdict;
import io.eventqueue.operator.api.v1alpha1.EventQueueStatus;
import io.eventqueue.operator.api.v1alpha1.EventQueueStatus.Phase;
import io.eventqueue.operator.dependent.ConfigMapDependent;
import io.eventqueue.operator.dependent.DeploymentDependent;
import io.eventqueue.operator.dependent.HorizontalPodAutoscalerDependent;
import io.eventqueue.operator.dependent.MissingCredentialsException;
import io.eventqueue.operator.render.InvalidEventTypesException;
import io.eventqueue.operator.dependent.NetworkPolicyDependent;
import io.eventqueue.operator.dependent.PodDisruptionBudgetDependent;
import io.eventqueue.operator.dependent.SecretDependent;
import io.eventqueue.operator.dependent.ServiceAccountDependent;
import io.eventqueue.operator.dependent.ServiceDependent;
import io.eventqueue.operator.render.Instance;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.AggregatedOperatorException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles an EventQueue: the workflow creates or updates every dependent (ConfigMap and Secret before the
 * Deployment that hashes them; each dependent records an Event when it writes), then the status is computed from
 * the Deployment and written only when it changed.
 * Deletion needs no code: every dependent carries an owner reference to the EventQueue.
 */
@Workflow(dependents = {
    @Dependent(name = EventQueueReconciler.SERVICE_ACCOUNT, type = ServiceAccountDependent.class),
    @Dependent(name = EventQueueReconciler.CONFIG_MAP, type = ConfigMapDependent.class),
    @Dependent(name = EventQueueReconciler.SECRET, type = SecretDependent.class),
    @Dependent(name = "deployment", type = DeploymentDependent.class,
            dependsOn = {EventQueueReconciler.SERVICE_ACCOUNT, EventQueueReconciler.CONFIG_MAP,
                EventQueueReconciler.SECRET}),
    @Dependent(name = "service", type = ServiceDependent.class),
    @Dependent(name = "pod-disruption-budget", type = PodDisruptionBudgetDependent.class,
            reconcilePrecondition = PodDisruptionBudgetDependent.Wanted.class),
    @Dependent(name = "network-policy", type = NetworkPolicyDependent.class,
            reconcilePrecondition = NetworkPolicyDependent.Wanted.class),
    @Dependent(name = "horizontal-pod-autoscaler", type = HorizontalPodAutoscalerDependent.class,
            reconcilePrecondition = HorizontalPodAutoscalerDependent.Wanted.class)
})
public class EventQueueReconciler implements Reconciler<EventQueue> {
    static final String SERVICE_ACCOUNT = "service-account";
    static final String CONFIG_MAP = "config-map";
    static final String SECRET = "secret";
    private static final Logger LOG = LoggerFactory.getLogger(EventQueueReconciler.class);

    private final OperatorSettings settings;
    private final KubernetesEvents events;
    private final Clock clock;

    public EventQueueReconciler(OperatorSettings settings, KubernetesEvents events, Clock clock) {
        this.settings = settings;
        this.events = events;
        this.clock = clock;
    }

    /**
     * An EventSubscription's change reconciles the EventQueue it references, which renders it into (or out of) the
     * config; the config hash then rolls the pods. A Service subscriber's Service is read when rendering and is
     * picked up by the next change or resync.
     */
    @Override
    public List<EventSource<?, EventQueue>> prepareEventSources(EventSourceContext<EventQueue> context) {
        var subscriptions = InformerEventSourceConfiguration.from(EventSubscription.class, EventQueue.class)
                .withName("event-subscriptions")
                .withSecondaryToPrimaryMapper(s -> s.getSpec() == null || s.getSpec().eventQueueRef() == null ? Set.of()
                        : Set.of(new ResourceID(s.getSpec().eventQueueRef().name(), SubscriptionVerdict.queueNamespace(s))))
                .build();
        return List.of(new InformerEventSource<>(subscriptions, context));
    }

    @Override
    public UpdateControl<EventQueue> reconcile(EventQueue resource, Context<EventQueue> context) {
        writeStatusIfChanged(resource, context, Optional.empty());
        return UpdateControl.noUpdate();
    }

    /**
     * A failed reconcile: Degraded for a problem the user can fix, Failed otherwise; retried with backoff. A write
     * refused only because an object changed since it was read (409) is no failure: the retry reads the newer one.
     */
    @Override
    public ErrorStatusUpdateControl<EventQueue> updateErrorStatus(EventQueue resource, Context<EventQueue> context,
            Exception e) {
        if (onlyConflicts(e)) {
            LOG.info("reconcile of {}/{} met a concurrent change; retrying", resource.getMetadata().getNamespace(),
                    resource.getMetadata().getName());
            return ErrorStatusUpdateControl.noStatusUpdate();
        }
        Problem problem = problemOf(e);
        LOG.warn("reconcile of {}/{} failed: {}", resource.getMetadata().getNamespace(),
                resource.getMetadata().getName(), problem.message());
        if (writeStatusIfChanged(resource, context, Optional.of(problem))) {
            events.warning(resource, problem.reason(), problem.message());
        }
        return ErrorStatusUpdateControl.noStatusUpdate();
    }

    /**
     * Writes the status when it differs from the one the EventQueue shows: a server-side apply of the status alone, on
     * the status subresource, under the operator's field manager (forced). It carries no resourceVersion, so a
     * concurrent writer of the status (another controller, a person with {@code kubectl --subresource=status}) never
     * makes it fail with a conflict and retry; the next apply takes back the fields the operator owns. (Not
     * java-operator-sdk's ssaPatchStatusAndCacheResource: in 5.2.3 it sends the resourceVersion it read, and a
     * concurrent status writer then answers 409, seen on the real API server.) The written EventQueue goes into the
     * controller's cache, so the next reconcile computes from it rather than from an older copy the informer may still
     * hold (which would stamp fresh lastTransitionTimes on conditions that never flipped).
     *
     * @return whether the status was written
     */
    private boolean writeStatusIfChanged(EventQueue resource, Context<EventQueue> context, Optional<Problem> problem) {
        EventQueueStatus next = status(resource, context, problem);
        if (next.equals(resource.getStatus())) {
            return false;
        }
        Phase before = resource.getStatus() == null ? null : resource.getStatus().phase();
        EventQueue written;
        try {
            written = context.getClient().resource(statusOnly(resource, next)).subresource("status")
                    .patch(new PatchContext.Builder().withPatchType(PatchType.SERVER_SIDE_APPLY).withForce(true)
                            .withFieldManager(context.getControllerConfiguration().fieldManager()).build());
            context.eventSourceRetriever().getControllerEventSource()
                    .handleRecentResourceUpdate(ResourceID.fromResource(resource), written, resource);
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
                LOG.debug("{}/{} was deleted while reconciling; no status to write",
                        resource.getMetadata().getNamespace(), resource.getMetadata().getName());
                return false;
            }
            throw e;
        }
        announcePhase(written, before);
        return true;
    }

    /** What the status apply sends: the object's identity and the status, nothing the operator does not own. */
    private static EventQueue statusOnly(EventQueue resource, EventQueueStatus status) {
        EventQueue apply = new EventQueue();
        apply.setMetadata(new ObjectMetaBuilder().withName(resource.getMetadata().getName())
                .withNamespace(resource.getMetadata().getNamespace()).build());
        apply.setStatus(status);
        return apply;
    }

    private EventQueueStatus status(EventQueue resource, Context<EventQueue> context, Optional<Problem> problem) {
        Instance instance = Instance.of(resource, settings.runtimeImage());
        Optional<Deployment> deployment = context.getSecondaryResource(Deployment.class);
        return StatusCalculator.compute(resource, instance, deployment, problem, clock.instant());
    }

    static Problem problemOf(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MissingCredentialsException missing) {
                return new Problem(Phase.Degraded, "CredentialsMissing", missing.getMessage());
            }
            if (t instanceof InvalidEventTypesException invalid) {
                return new Problem(Phase.Degraded, "EventTypesInvalid", invalid.getMessage());
            }
            if (t instanceof AggregatedOperatorException aggregated) {
                for (Exception inner : aggregated.getAggregatedExceptions().values()) {
                    Problem p = problemOf(inner);
                    if (p.phase() == Phase.Degraded) {
                        return p;
                    }
                }
            }
        }
        return new Problem(Phase.Failed, "ReconcileFailed", Objects.requireNonNullElse(rootMessage(e),
                e.getClass().getSimpleName()));
    }

    static boolean onlyConflicts(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof KubernetesClientException k && k.getCode() == HttpURLConnection.HTTP_CONFLICT) {
                return true;
            }
            if (t instanceof AggregatedOperatorException aggregated) {
                return !aggregated.getAggregatedExceptions().isEmpty() && aggregated.getAggregatedExceptions()
                        .values().stream().allMatch(EventQueueReconciler::onlyConflicts);
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    private void announcePhase(EventQueue written, Phase before) {
        EventQueueStatus status = written.getStatus();
        if (status.phase() == Phase.Ready && before != Phase.Ready) {
            events.normal(written, "Ready", status.ready() + " pods ready at " + status.endpoint());
        }
    }
}
