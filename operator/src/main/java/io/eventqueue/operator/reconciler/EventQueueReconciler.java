package io.eventqueue.operator.reconciler;

import io.eventqueue.operator.OperatorSettings;
import io.eventqueue.operator.api.v1alpha1.EventQueue;
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
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.AggregatedOperatorException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
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
     * Writes the status when it differs from the one the EventQueue shows. The EventQueue a reconcile gets comes from
     * the informer cache and can predate this operator's last status write (its watch event not in yet); a status
     * computed from that copy would stamp a fresh lastTransitionTime on conditions that never flipped. So the write
     * carries the resourceVersion the status was computed from: the API server refuses it when the copy is stale,
     * and the status is computed again from the newer copy. The written object is cached for the next reconcile.
     *
     * @return whether the status was written
     */
    private boolean writeStatusIfChanged(EventQueue resource, Context<EventQueue> context, Optional<Problem> problem) {
        if (status(resource, context, problem).equals(resource.getStatus())) {
            return false;
        }
        AtomicReference<Phase> phaseBefore = new AtomicReference<>();
        EventQueue written;
        try {
            written = PrimaryUpdateAndCacheUtils.updateAndCacheResource(resource, context, current -> {
                phaseBefore.set(current.getStatus() == null ? null : current.getStatus().phase());
                // A copy: should the write fail, the error handler must still see the status the server holds.
                EventQueue next = context.getControllerConfiguration().getConfigurationService().getResourceCloner()
                        .clone(current);
                next.setStatus(status(current, context, problem));
                return next;
            }, next -> StatusPatch.replaceIfUnchanged(next, context.getClient()));
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
                LOG.debug("{}/{} was deleted while reconciling; no status to write",
                        resource.getMetadata().getNamespace(), resource.getMetadata().getName());
                return false;
            }
            throw e;
        }
        announcePhase(written, phaseBefore.get());
        return true;
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
