package io.eventqueue.operator.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventqueue.operator.api.v1alpha1.Condition;
import io.eventqueue.operator.api.v1alpha1.EventQueueStatus;
import io.eventqueue.operator.api.v1alpha1.EventQueueStatus.Phase;
import io.eventqueue.operator.it.Eventually;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * How the operator behaves over time on a real API server: quiet at rest, one leader at a time with a clean takeover,
 * and a status that follows the spec and says what to fix.
 */
@ExtendWith(ControlPlaneExtension.class)
class ReconcileOnControlPlaneTest {
    private static final String STARTED = "operator_sdk_reconciliations_started_total";
    private static final String KINDS = "deployment,service,configmap,secret,serviceaccount,poddisruptionbudget,"
            + "networkpolicy";

    private static String resourceVersions(TestCluster cluster) {
        return cluster.kubectl("get", KINDS, "-l", "app.kubernetes.io/managed-by=eventqueue-operator", "-o",
                "jsonpath={range .items[*]}{.kind}/{.metadata.name}={.metadata.resourceVersion}{\"\\n\"}{end}")
                .require().stdout()
                + cluster.kubectl("get", "eventqueue", "-o",
                        "jsonpath={range .items[*]}{.metadata.name}={.metadata.resourceVersion}{\"\\n\"}{end}").require().stdout();
    }

    private static List<AuditLog.Call> writesSince(TestCluster cluster, ChartedOperator chart, Instant since) {
        return AuditLog.calls(cluster.controlPlane().auditLog(), chart.user()).stream()
                .filter(c -> c.isWrite() && !c.time().isBefore(since) && !c.resource().startsWith("leases"))
                .filter(c -> !c.resource().startsWith("selfsubject"))
                .toList();
    }

    private static int operatorEvents(TestCluster cluster) {
        return (int) cluster.admin().v1().events().inNamespace(cluster.namespace()).list().getItems().stream()
                .filter(e -> "EventQueue".equals(e.getInvolvedObject().getKind())).count();
    }

    private static void awaitResyncs(OperatorProcess operator, double reconciles) {
        double start = operator.counter(STARTED);
        Eventually.until(reconciles + " more reconciles", Duration.ofSeconds(60),
                () -> operator.counter(STARTED) >= start + reconciles);
    }

    @Test
    void atRestAcrossSeveralResyncsTheOperatorWritesNothing(TestCluster cluster) {
        ChartedOperator chart = ChartedOperator.install(cluster, List.of(cluster.namespace()));
        try (OperatorProcess operator = chart.start("local-0", Map.of("EVENTQUEUE_OPERATOR_RESYNC_INTERVAL", "2s"))) {
            ChartedOperator.applySamples(cluster, cluster.namespace(), "basic", "dev");
            cluster.kubectl("wait", "--for=condition=Ready", "eq/basic", "eq/dev", "--timeout=2m").require();
            awaitResyncs(operator, 2);
            String before = resourceVersions(cluster);
            int events = operatorEvents(cluster);
            Instant quiet = Instant.now();

            awaitResyncs(operator, 6);

            assertThat(resourceVersions(cluster)).as("resourceVersions after three resyncs of each").isEqualTo(before);
            assertThat(operatorEvents(cluster)).as("Events about EventQueues").isEqualTo(events);
            AuditLog.awaitFlushed(cluster);
            assertThat(writesSince(cluster, chart, quiet)).as("writes at rest (Lease renewals aside)").isEmpty();
        }
    }

    @Test
    void onlyTheLeaderReconcilesAndAStandbyTakesOverAKilledLeaderWithoutABurstOfWrites(TestCluster cluster) {
        ChartedOperator chart = ChartedOperator.install(cluster, List.of(cluster.namespace()));
        String lease = chart.fullname();
        Map<String, String> resync = Map.of("EVENTQUEUE_OPERATOR_RESYNC_INTERVAL", "2s");
        try (OperatorProcess first = chart.start("replica-a", resync)) {
            Eventually.until("replica-a to hold the Lease", Duration.ofSeconds(30), () ->
                    holder(cluster, lease).equals("replica-a"));
            try (OperatorProcess second = chart.start("replica-b", resync)) {
                ChartedOperator.applySamples(cluster, cluster.namespace(), "basic");
                cluster.kubectl("wait", "--for=condition=Ready", "eq/basic", "--timeout=2m").require();
                awaitResyncs(first, 2);
                assertThat(second.counter(STARTED)).as("reconciles on the standby").isZero();

                first.kill();
                Instant killed = Instant.now();
                Eventually.until("replica-b to take the Lease", Duration.ofSeconds(40), () ->
                        holder(cluster, lease).equals("replica-b"));
                Duration takeover = Duration.between(killed, Instant.now());
                awaitResyncs(second, 2);
                AuditLog.awaitFlushed(cluster);
                List<AuditLog.Call> takeoverWrites = writesSince(cluster, chart, killed);

                cluster.kubectl("patch", "eq", "basic", "--type=merge", "-p", "{\"spec\":{\"queue\":{\"workers\":8}}}")
                        .require();

                assertThat(takeover).as("takeover within the lease duration (15 s) plus a retry period")
                        .isLessThan(Duration.ofSeconds(25));
                assertThat(takeoverWrites).as("writes between the takeover and the next spec change").isEmpty();
                Eventually.until("the new leader to write the spec change", Duration.ofSeconds(60), () -> cluster.kubectl(
                        "get", "configmap", "basic-config", "-o", "jsonpath={.data.config\\.yaml}").stdout()
                        .contains("workers: 8"));
                assertThat(second.log()).doesNotContain(ChartedOperator.REFUSED);
            }
        }
    }

    private static String holder(TestCluster cluster, String lease) {
        return cluster.kubectl("get", "lease", lease, "-o", "jsonpath={.spec.holderIdentity}").stdout();
    }

    @Test
    void statusFollowsTheGenerationAndAMissingAdminSecretIsDegradedNamingIt(TestCluster cluster) {
        ChartedOperator chart = ChartedOperator.install(cluster, List.of(cluster.namespace()));
        try (OperatorProcess operator = chart.start()) {
            cluster.kubectlWithInput("""
                    apiVersion: eventqueue.io/v1alpha1
                    kind: EventQueue
                    metadata: {name: own-creds}
                    spec: {auth: {adminSecretRef: {name: own-creds-admin}}}
                    """, "apply", "--server-side", "-f", "-").require();

            Eventually.until("Degraded naming the Secret", Duration.ofSeconds(60), () -> {
                String degraded = cluster.kubectl("get", "eq", "own-creds", "-o",
                        "jsonpath={.status.phase} {.status.conditions[?(@.type==\"Degraded\")].status} "
                                + "{.status.conditions[?(@.type==\"Degraded\")].message}").stdout();
                return degraded.startsWith("Degraded True ") && degraded.contains("own-creds-admin") ? degraded : null;
            });

            cluster.kubectl("create", "secret", "generic", "own-creds-admin", "--from-literal=admin-user=admin",
                    "--from-literal=admin-password=a-long-enough-password",
                    "--from-literal=jwt-key=0123456789abcdef0123456789abcdef01").require();
            cluster.kubectl("wait", "--for=condition=Ready", "eq/own-creds", "--timeout=2m").require();
            assertThat(cluster.kubectl("get", "eq", "own-creds", "-o",
                    "jsonpath={.status.conditions[?(@.type==\"Degraded\")].status}").stdout()).isEqualTo("False");

            cluster.kubectl("patch", "eq", "own-creds", "--type=merge", "-p", "{\"spec\":{\"queue\":{\"workers\":6}}}")
                    .require();
            Eventually.until("observedGeneration 2", Duration.ofSeconds(60), () -> cluster.kubectl("get", "eq", "own-creds",
                    "-o", "jsonpath={.metadata.generation}/{.status.observedGeneration}").stdout().equals("2/2"));
            assertThat(operator.log()).doesNotContain(ChartedOperator.REFUSED);
        }
    }

    private static Condition condition(EventQueueStatus status, String type) {
        return status.conditions().stream().filter(c -> c.type().equals(type)).findFirst().orElseThrow();
    }

    /**
     * An image that can never be pulled (KWOK keeps pods of the registry unpullable.invalid in ImagePullBackOff, see
     * testenv/stages/): the EventQueue is Progressing while the Deployment waits, and Degraded once the deployment
     * controller declares ProgressDeadlineExceeded, with a message that names the Deployment, the deadline and where
     * to look; fixing the image makes it Ready again.
     */
    @Test
    void anImageThatNeverBecomesReadyIsProgressingThenDegradedAfterTheProgressDeadline(TestCluster cluster) {
        ChartedOperator chart = ChartedOperator.install(cluster, List.of(cluster.namespace()));
        try (OperatorProcess operator = chart.start();
                StatusHistory history = new StatusHistory(cluster.admin(), cluster.namespace(), "stuck")) {
            cluster.kubectlWithInput("""
                    apiVersion: eventqueue.io/v1alpha1
                    kind: EventQueue
                    metadata: {name: stuck}
                    spec:
                      replicas: 1
                      image: unpullable.invalid/eventqueue-runtime:1.2.3
                      availability: {progressDeadlineSeconds: 30}
                    """, "apply", "--server-side", "-f", "-").require();

            EventQueueStatus degraded = Eventually.until("Degraded after the progress deadline", Duration.ofSeconds(120),
                    () -> history.statuses().stream().filter(s -> s.phase() == Phase.Degraded).findFirst().orElse(null));

            List<EventQueueStatus> before = history.statuses().subList(0, history.statuses().indexOf(degraded));
            assertThat(before).as("statuses before Degraded").noneMatch(s -> s.phase() == Phase.Ready)
                    .anySatisfy(s -> {
                        assertThat(s.phase()).isEqualTo(Phase.Progressing);
                        assertThat(condition(s, "Progressing").status()).isEqualTo("True");
                        assertThat(condition(s, "Progressing").reason()).isEqualTo("RolloutInProgress");
                    });
            assertThat(condition(degraded, "Degraded")).satisfies(c -> {
                assertThat(c.status()).isEqualTo("True");
                assertThat(c.reason()).isEqualTo("ProgressDeadlineExceeded");
                assertThat(c.message()).startsWith("the pods of Deployment stuck did not become ready within 30s")
                        .contains("kubectl -n " + cluster.namespace()
                                + " describe pods -l app.kubernetes.io/instance=stuck");
            });
            assertThat(condition(degraded, "Progressing").status()).isEqualTo("False");
            assertThat(condition(degraded, "Ready").status()).isEqualTo("False");
            assertThat(cluster.kubectl("get", "eq", "stuck", "-o",
                    "jsonpath={.status.phase} {.status.conditions[?(@.type==\"Degraded\")].reason}").require().stdout())
                    .as("kubectl get eq").isEqualTo("Degraded ProgressDeadlineExceeded");
            assertThat(cluster.kubectl("get", "pods", "-l", "app.kubernetes.io/instance=stuck", "-o",
                    "jsonpath={.items[*].status.containerStatuses[*].state.waiting.reason}").require().stdout())
                    .as("what the message's kubectl command leads to").isEqualTo("ImagePullBackOff");

            cluster.kubectl("patch", "eq", "stuck", "--type=json", "-p", "[{\"op\":\"remove\",\"path\":\"/spec/image\"}]")
                    .require();
            cluster.kubectl("wait", "--for=condition=Ready", "eq/stuck", "--timeout=2m").require();
            assertThat(cluster.kubectl("get", "eq", "stuck", "-o",
                    "jsonpath={.status.conditions[?(@.type==\"Degraded\")].status}").stdout()).isEqualTo("False");
            assertThat(operator.log()).doesNotContain(ChartedOperator.REFUSED);
        }
    }
}
