package io.eventqueue.operator.reconciler;

import io.eventqueue.operator.api.v1alpha1.Condition;
import io.eventqueue.operator.api.v1alpha1.EventQueue;
import io.eventqueue.operator.api.v1alpha1.EventQueueStatus;
import io.eventqueue.operator.api.v1alpha1.EventQueueStatus.Phase;
import io.eventqueue.operator.render.Instance;
import io.eventqueue.operator.render.Labels;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The status an EventQueue should show, from its Deployment and any problem met while reconciling. A pure function:
 * for an unchanged world it returns a status equal to the previous one, so nothing is written.
 */
public final class StatusCalculator {
    public static final String READY = "Ready";
    public static final String PROGRESSING = "Progressing";
    public static final String DEGRADED = "Degraded";
    /** The Deployment controller's reason on Progressing=False, and the EventQueue's on Degraded=True for it. */
    public static final String PROGRESS_DEADLINE_EXCEEDED = "ProgressDeadlineExceeded";

    private StatusCalculator() {
    }

    public static EventQueueStatus compute(EventQueue resource, Instance instance, Optional<Deployment> deployment,
            Optional<Problem> problem, Instant now) {
        int replicas = desiredReplicas(instance, deployment);
        DeploymentStatus observed = deployment.map(Deployment::getStatus).orElse(null);
        int ready = observed == null || observed.getReadyReplicas() == null ? 0 : observed.getReadyReplicas();
        String pods = ready + "/" + replicas + " pods ready";

        Phase phase;
        Condition readyCondition;
        Condition progressing;
        Condition degraded;
        Optional<Problem> stalled = problem.or(() -> deployment.flatMap(d -> rolloutStalled(instance, d)));
        if (stalled.isPresent()) {
            Problem p = stalled.get();
            phase = p.phase();
            readyCondition = condition(READY, ready >= replicas && replicas > 0 ? "True" : "False", p.reason(), pods);
            progressing = condition(PROGRESSING, "False", p.reason(), p.message());
            degraded = condition(DEGRADED, "True", p.reason(), p.message());
        } else if (deployment.isEmpty()) {
            phase = Phase.Pending;
            readyCondition = condition(READY, "False", "DeploymentPending", "the Deployment is not created yet");
            progressing = condition(PROGRESSING, "True", "Creating", "creating the workload");
            degraded = condition(DEGRADED, "False", "AsExpected", "no problem found");
        } else if (rolloutComplete(deployment.get(), replicas, ready)) {
            phase = Phase.Ready;
            readyCondition = condition(READY, "True", "AllPodsReady", pods);
            progressing = condition(PROGRESSING, "False", "RolloutComplete", "every pod runs the current spec");
            degraded = condition(DEGRADED, "False", "AsExpected", "no problem found");
        } else {
            phase = Phase.Progressing;
            readyCondition = condition(READY, "False", "PodsNotReady", pods);
            progressing = condition(PROGRESSING, "True", "RolloutInProgress", "rolling out the current spec: " + pods);
            degraded = condition(DEGRADED, "False", "AsExpected", "no problem found");
        }
        List<Condition> previous = resource.getStatus() == null || resource.getStatus().conditions() == null
                ? List.of() : resource.getStatus().conditions();
        List<Condition> conditions = List.of(readyCondition, progressing, degraded).stream()
                .map(c -> withTransitionTime(c, previous, now))
                .toList();
        return new EventQueueStatus(resource.getMetadata().getGeneration(), phase, replicas, ready,
                ready + "/" + replicas, instance.endpoint(), conditions);
    }

    private static int desiredReplicas(Instance instance, Optional<Deployment> deployment) {
        if (!instance.autoscaled()) {
            return instance.spec().replicas();
        }
        return deployment.map(d -> d.getSpec().getReplicas()).orElse(instance.spec().autoscaling().minReplicas());
    }

    private static boolean rolloutComplete(Deployment deployment, int replicas, int ready) {
        DeploymentStatus status = deployment.getStatus();
        if (status == null) {
            return false;
        }
        int updated = status.getUpdatedReplicas() == null ? 0 : status.getUpdatedReplicas();
        int total = status.getReplicas() == null ? 0 : status.getReplicas();
        return observedCurrent(deployment) && updated >= replicas && ready >= replicas && total <= replicas;
    }

    /** The Deployment controller has seen the Deployment's current spec: its status is about that spec. */
    private static boolean observedCurrent(Deployment deployment) {
        Long generation = deployment.getMetadata().getGeneration();
        Long observed = deployment.getStatus().getObservedGeneration();
        return generation == null || observed != null && observed >= generation;
    }

    /**
     * The Deployment controller gave up on the rollout: no new pod became ready within progressDeadlineSeconds. A
     * verdict about an older generation of the Deployment is not one about the spec just applied, so it is skipped
     * until the controller has looked at the current one.
     */
    private static Optional<Problem> rolloutStalled(Instance instance, Deployment deployment) {
        DeploymentStatus status = deployment.getStatus();
        if (status == null || status.getConditions() == null || !observedCurrent(deployment)) {
            return Optional.empty();
        }
        return status.getConditions().stream()
                .filter(c -> PROGRESSING.equals(c.getType()) && "False".equals(c.getStatus())
                        && PROGRESS_DEADLINE_EXCEEDED.equals(c.getReason()))
                .findFirst()
                .map(c -> new Problem(Phase.Degraded, PROGRESS_DEADLINE_EXCEEDED, "the pods of Deployment "
                        + deployment.getMetadata().getName() + " did not become ready within "
                        + Objects.requireNonNullElse(deployment.getSpec().getProgressDeadlineSeconds(),
                                instance.spec().availability().progressDeadlineSeconds())
                        + "s (" + Objects.requireNonNullElse(c.getMessage(), "progress deadline exceeded")
                        + "); check that the image can be pulled and the pods start: kubectl -n "
                        + instance.namespace() + " describe pods -l " + Labels.INSTANCE + "=" + instance.name()
                        + " (image pull, scheduling, probes)"));
    }

    private static Condition condition(String type, String status, String reason, String message) {
        return new Condition(type, status, reason, message, null);
    }

    /** Keeps the previous lastTransitionTime unless the status flipped. */
    private static Condition withTransitionTime(Condition c, List<Condition> previous, Instant now) {
        String time = previous.stream()
                .filter(p -> c.type().equals(p.type()) && c.status().equals(p.status()) && p.lastTransitionTime() != null)
                .map(Condition::lastTransitionTime)
                .findFirst()
                .orElse(now.truncatedTo(ChronoUnit.SECONDS).toString());
        return new Condition(c.type(), c.status(), c.reason(), c.message(), time);
    }
}
