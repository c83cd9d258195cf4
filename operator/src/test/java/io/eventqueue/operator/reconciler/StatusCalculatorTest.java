package io.eventqueue.operator.reconciler;

import static io.eventqueue.operator.Fixtures.eventQueue;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventqueue.operator.Fixtures;
import io.eventqueue.operator.api.v1alpha1.Condition;
import io.eventqueue.operator.api.v1alpha1.EventQueue;
import io.eventqueue.operator.api.v1alpha1.EventQueueStatus;
import io.eventqueue.operator.api.v1alpha1.EventQueueStatus.Phase;
import io.eventqueue.operator.dependent.MissingCredentialsException;
import io.eventqueue.operator.render.Instance;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.AggregatedOperatorException;
import io.javaoperatorsdk.operator.OperatorException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StatusCalculatorTest {
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private static final Instant T1 = Instant.parse("2026-01-01T10:05:00Z");

    private static EventQueue resource(String spec) {
        EventQueue eq = eventQueue(spec);
        eq.getMetadata().setGeneration(3L);
        return eq;
    }

    private static EventQueueStatus compute(EventQueue eq, Deployment deployment, Problem problem, Instant now) {
        return StatusCalculator.compute(eq, Instance.of(eq, Fixtures.IMAGE), Optional.ofNullable(deployment),
                Optional.ofNullable(problem), now);
    }

    private static Deployment deployment(int ready, int updated, long generation, long observed) {
        return new DeploymentBuilder()
                .withNewMetadata().withName("q1").withGeneration(generation).endMetadata()
                .withNewSpec().withReplicas(2).endSpec()
                .withNewStatus().withReplicas(2).withReadyReplicas(ready).withUpdatedReplicas(updated)
                .withObservedGeneration(observed).endStatus()
                .build();
    }

    private static Condition condition(EventQueueStatus status, String type) {
        return status.conditions().stream().filter(c -> c.type().equals(type)).findFirst().orElseThrow();
    }

    @Test
    void pendingUntilTheDeploymentExists() {
        EventQueueStatus status = compute(resource("replicas: 2"), null, null, T0);

        assertThat(status.phase()).isEqualTo(Phase.Pending);
        assertThat(status.ready()).isEqualTo("0/2");
        assertThat(status.observedGeneration()).isEqualTo(3L);
        assertThat(status.endpoint()).isEqualTo("http://q1.ns.svc:8080");
        assertThat(condition(status, "Ready").status()).isEqualTo("False");
    }

    @Test
    void progressingWhileThePodsAreNotAllReadyOrNotUpdated() {
        assertThat(compute(resource("replicas: 2"), deployment(1, 2, 1, 1), null, T0).phase())
                .isEqualTo(Phase.Progressing);
        assertThat(compute(resource("replicas: 2"), deployment(2, 1, 1, 1), null, T0).phase())
                .isEqualTo(Phase.Progressing);
        assertThat(compute(resource("replicas: 2"), deployment(2, 2, 2, 1), null, T0).phase())
                .as("the Deployment controller has not seen the newest spec").isEqualTo(Phase.Progressing);
    }

    @Test
    void readyWhenEveryPodRunsTheCurrentSpec() {
        EventQueueStatus status = compute(resource("replicas: 2"), deployment(2, 2, 4, 4), null, T0);

        assertThat(status.phase()).isEqualTo(Phase.Ready);
        assertThat(status.ready()).isEqualTo("2/2");
        assertThat(condition(status, "Ready")).isEqualTo(new Condition("Ready", "True", "AllPodsReady",
                "2/2 pods ready", "2026-01-01T10:00:00Z"));
        assertThat(condition(status, "Progressing").status()).isEqualTo("False");
        assertThat(condition(status, "Degraded").status()).isEqualTo("False");
    }

    @Test
    void transitionTimeMovesOnlyWhenAConditionFlips() {
        EventQueue eq = resource("replicas: 2");
        eq.setStatus(compute(eq, deployment(1, 2, 1, 1), null, T0));

        EventQueueStatus later = compute(eq, deployment(2, 2, 1, 1), null, T1);

        assertThat(condition(later, "Ready").lastTransitionTime()).isEqualTo(T1.toString());
        assertThat(condition(later, "Degraded").lastTransitionTime()).isEqualTo(T0.toString());
    }

    @Test
    void anUnchangedWorldGivesAnEqualStatusAtAnyTime() {
        EventQueue eq = resource("replicas: 2");
        eq.setStatus(compute(eq, deployment(2, 2, 1, 1), null, T0));

        assertThat(compute(eq, deployment(2, 2, 1, 1), null, T1)).isEqualTo(eq.getStatus());
    }

    @Test
    void aProblemMakesTheInstanceDegradedWithItsReason() {
        EventQueueStatus status = compute(resource(""), deployment(2, 2, 1, 1),
                new Problem(Phase.Degraded, "CredentialsMissing", "Secret x does not exist"), T0);

        assertThat(status.phase()).isEqualTo(Phase.Degraded);
        assertThat(condition(status, "Degraded")).satisfies(c -> {
            assertThat(c.status()).isEqualTo("True");
            assertThat(c.reason()).isEqualTo("CredentialsMissing");
            assertThat(c.message()).isEqualTo("Secret x does not exist");
        });
    }

    private static Deployment stalled(long generation, long observed) {
        return new DeploymentBuilder(deployment(0, 2, generation, observed)).editSpec().withProgressDeadlineSeconds(45)
                .endSpec().editStatus().addNewCondition()
                .withType("Progressing").withStatus("False").withReason("ProgressDeadlineExceeded")
                .withMessage("ReplicaSet \"q1-abc\" has timed out progressing.").endCondition().endStatus().build();
    }

    @Test
    void aRolloutPastItsProgressDeadlineIsDegradedNamingTheDeploymentTheDeadlineAndWhatToCheck() {
        EventQueueStatus status = compute(resource("replicas: 2"), stalled(1, 1), null, T0);

        assertThat(status.phase()).isEqualTo(Phase.Degraded);
        assertThat(condition(status, "Degraded")).satisfies(c -> {
            assertThat(c.status()).isEqualTo("True");
            assertThat(c.reason()).isEqualTo("ProgressDeadlineExceeded");
            assertThat(c.message()).isEqualTo("the pods of Deployment q1 did not become ready within 45s (ReplicaSet "
                    + "\"q1-abc\" has timed out progressing.); check that the image can be pulled and the pods start: "
                    + "kubectl -n ns describe pods -l app.kubernetes.io/instance=q1 (image pull, scheduling, probes)");
        });
        assertThat(condition(status, "Progressing")).satisfies(c -> {
            assertThat(c.status()).isEqualTo("False");
            assertThat(c.reason()).isEqualTo("ProgressDeadlineExceeded");
        });
        assertThat(condition(status, "Ready").status()).isEqualTo("False");
    }

    @Test
    void aPassedDeadlineOfAnOlderGenerationDoesNotMakeTheNewSpecDegraded() {
        EventQueueStatus status = compute(resource("replicas: 2"), stalled(2, 1), null, T0);

        assertThat(status.phase()).isEqualTo(Phase.Progressing);
        assertThat(condition(status, "Degraded").status()).isEqualTo("False");
        assertThat(condition(status, "Progressing").reason()).isEqualTo("RolloutInProgress");
    }

    @Test
    void autoscaledReplicasFollowTheDeployment() {
        EventQueueStatus status = compute(resource("autoscaling: {minReplicas: 2, maxReplicas: 9}"),
                deployment(2, 2, 1, 1), null, T0);

        assertThat(status.replicas()).isEqualTo(2);
        assertThat(status.phase()).isEqualTo(Phase.Ready);
    }

    @Test
    void missingCredentialsAreDegradedOtherErrorsFailed() {
        var missing = new MissingCredentialsException("Secret mine does not exist");

        assertThat(EventQueueReconciler.problemOf(missing).phase()).isEqualTo(Phase.Degraded);
        assertThat(EventQueueReconciler.problemOf(new AggregatedOperatorException("workflow failed",
                Map.of("deployment", missing))).message()).isEqualTo("Secret mine does not exist");
        assertThat(EventQueueReconciler.problemOf(new IllegalStateException("boom", new RuntimeException("root"))))
                .isEqualTo(new Problem(Phase.Failed, "ReconcileFailed", "root"));
    }

    @Test
    void aConflictAloneIsRetriedWithoutReportingAFailure() {
        var conflict = new KubernetesClientException("the object has been modified", 409, null);
        var forbidden = new KubernetesClientException("forbidden", 403, null);

        assertThat(EventQueueReconciler.onlyConflicts(new OperatorException(new AggregatedOperatorException(
                "workflow failed", Map.of("deployment", conflict))))).isTrue();
        assertThat(EventQueueReconciler.onlyConflicts(new AggregatedOperatorException("workflow failed",
                Map.of("deployment", conflict, "service", forbidden)))).as("a real failure beside it").isFalse();
        assertThat(EventQueueReconciler.onlyConflicts(new AggregatedOperatorException("workflow failed",
                Map.of("deployment", new MissingCredentialsException("Secret mine does not exist"))))).isFalse();
        assertThat(EventQueueReconciler.onlyConflicts(forbidden)).isFalse();
    }
}
