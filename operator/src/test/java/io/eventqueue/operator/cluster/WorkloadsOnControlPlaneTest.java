package io.eventqueue.operator.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventqueue.operator.it.Eventually;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * EventQueues with the controllers, the scheduler and KWOK's simulated nodes: pods get scheduled and become Ready, so
 * readiness, rollouts, garbage collection, drains against PodDisruptionBudgets and the autoscaler are the real ones.
 */
@ExtendWith(ControlPlaneExtension.class)
class WorkloadsOnControlPlaneTest {
    private static final String INSTANCE = "app.kubernetes.io/instance";
    private static final List<String> NODES = List.of("kwok-node-0", "kwok-node-1", "kwok-node-2");

    private OperatorProcess operator;
    private TestCluster cluster;

    @BeforeEach
    void operator(TestCluster cluster) {
        this.cluster = cluster;
        operator = ChartedOperator.install(cluster, List.of(cluster.namespace())).start();
    }

    @AfterEach
    void stop() {
        operator.close();
        cluster.kubectl("uncordon", NODES.get(0), NODES.get(1), NODES.get(2)).require();
    }

    private void awaitReady(String name) {
        Processes.Result ready = cluster.kubectl("wait", "--for=condition=Ready", "eq/" + name, "--timeout=2m");
        assertThat(ready.exitCode()).as(ready.output() + "\n" + cluster.kubectl("get", "eq,deploy,pods", "-o", "wide")
                .output() + operator.log()).isZero();
    }

    private List<Pod> pods(String name) {
        return cluster.admin().pods().inNamespace(cluster.namespace()).withLabel(INSTANCE, name).list().getItems()
                .stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
    }

    @Test
    void anInstanceBecomesReadyTwoOfTwoAndASpecChangeRollsWithoutLosingAReadyPod() {
        ChartedOperator.applySamples(cluster, cluster.namespace(), "basic");

        awaitReady("basic");
        String columns = cluster.kubectl("get", "eq", "basic").require().stdout();
        assertThat(columns).containsPattern("basic\\s+\\S+\\s+http://basic\\." + cluster.namespace()
                + "\\.svc:8080\\s+Ready\\s+2/2");

        ConcurrentLinkedQueue<Integer> available = new ConcurrentLinkedQueue<>();
        try (Watch watch = cluster.admin().apps().deployments().inNamespace(cluster.namespace()).withName("basic")
                .watch(new Watcher<>() {
                    @Override
                    public void eventReceived(Action action, Deployment deployment) {
                        available.add(Objects.requireNonNullElse(deployment.getStatus().getAvailableReplicas(), 0));
                    }

                    @Override
                    public void onClose(WatcherException cause) {
                    }
                })) {
            cluster.kubectl("patch", "eq", "basic", "--type=merge", "-p", "{\"spec\":{\"queue\":{\"capacity\":20000}}}")
                    .require();
            Eventually.until("the rollout to finish on a second ReplicaSet", Duration.ofSeconds(120), () -> {
                Deployment d = cluster.admin().apps().deployments().inNamespace(cluster.namespace()).withName("basic").get();
                return cluster.kubectl("get", "rs", "-l", INSTANCE + "=basic", "-o", "name").stdout().lines().count() == 2
                        && Objects.equals(d.getStatus().getObservedGeneration(), d.getMetadata().getGeneration())
                        && Objects.equals(d.getStatus().getUpdatedReplicas(), 2)
                        && Objects.equals(d.getStatus().getReplicas(), 2)
                        && Objects.equals(d.getStatus().getAvailableReplicas(), 2);
            });
        }
        awaitReady("basic");
        assertThat(available).as("available pods seen during the rollout").isNotEmpty().allMatch(n -> n >= 2);
        assertThat(cluster.kubectl("get", "eq", "basic").require().stdout()).containsPattern("Ready\\s+2/2");
    }

    @Test
    void deletingAnEventQueueDeletesEveryDependentThroughGarbageCollection() {
        ChartedOperator.applySamples(cluster, cluster.namespace(), "basic");
        awaitReady("basic");
        String kinds = "deployment,replicaset,pod,service,configmap,secret,serviceaccount,poddisruptionbudget,networkpolicy";
        assertThat(cluster.kubectl("get", kinds, "-l", INSTANCE + "=basic", "-o", "name").require().stdout().lines()
                .map(l -> l.substring(0, l.indexOf('/')))).contains("deployment.apps", "replicaset.apps", "pod",
                "service", "configmap", "secret", "serviceaccount", "poddisruptionbudget.policy",
                "networkpolicy.networking.k8s.io");

        cluster.kubectl("delete", "eq", "basic", "--wait=true", "--timeout=60s").require();

        Eventually.until("every dependent of basic gone", Duration.ofSeconds(90), () ->
                cluster.kubectl("get", kinds, "-l", INSTANCE + "=basic", "-o", "name").stdout().isBlank());
    }

    @Test
    void aDrainWaitsForThePodDisruptionBudgetAndASinglePodNeverBlocksIt() throws Exception {
        ChartedOperator.applySamples(cluster, cluster.namespace(), "basic", "dev");
        awaitReady("basic");
        awaitReady("dev");
        List<String> basicNodes = pods("basic").stream().map(p -> p.getSpec().getNodeName()).toList();
        assertThat(basicNodes).as("spread over nodes").doesNotHaveDuplicates().hasSize(2);
        String first = basicNodes.get(0);
        String second = basicNodes.get(1);
        String spare = NODES.stream().filter(n -> !basicNodes.contains(n)).findFirst().orElseThrow();

        Eventually.until("the PodDisruptionBudget to allow one disruption", Duration.ofSeconds(60), () -> cluster.kubectl(
                "get", "pdb", "basic", "-o", "jsonpath={.status.disruptionsAllowed}").stdout().equals("1"));
        // Nowhere to go: the first pod's replacement stays Pending, so only one basic pod is ready.
        cluster.kubectl("cordon", second, spare).require();
        cluster.kubectl("drain", first, "--ignore-daemonsets", "--delete-emptydir-data", "--timeout=60s").require();
        // A thread of its own: the client's callbacks run in the common pool, which has one thread on two cores.
        ExecutorService background = Executors.newSingleThreadExecutor();
        Future<Processes.Result> drain = background.submit(() -> cluster.kubectl("drain", second,
                "--ignore-daemonsets", "--delete-emptydir-data", "--timeout=150s"));
        background.shutdown();
        String blocked = pods("basic").stream().filter(p -> second.equals(p.getSpec().getNodeName())).findFirst()
                .orElseThrow().getMetadata().getName();
        Eventually.until("the eviction of " + blocked + " refused by the PodDisruptionBudget", Duration.ofSeconds(60), () ->
                AuditLog.calls(cluster.controlPlane().auditLog(), "admin").stream().anyMatch(c ->
                        c.resource().equals("pods/eviction") && c.code() == 429 && c.name().equals(blocked)));
        assertThat(drain.isDone()).as("the drain waits").isFalse();

        cluster.kubectl("uncordon", spare).require();

        Processes.Result drained = drain.get(3, TimeUnit.MINUTES);
        assertThat(drained.exitCode()).as(drained.output()).isZero();
        assertThat(drained.output()).contains("pod/" + blocked + " evicted", "node/" + second + " drained");
        awaitReady("basic");

        cluster.kubectl("uncordon", first, second).require();
        String devNode = pods("dev").getFirst().getSpec().getNodeName();
        String devPod = pods("dev").getFirst().getMetadata().getName();
        Processes.Result devDrain = cluster.kubectl("drain", devNode, "--ignore-daemonsets", "--delete-emptydir-data",
                "--timeout=60s");
        assertThat(devDrain.exitCode()).as(devDrain.output()).isZero();
        assertThat(AuditLog.calls(cluster.controlPlane().auditLog(), "admin"))
                .filteredOn(c -> c.resource().equals("pods/eviction") && c.name().equals(devPod))
                .as("a single pod has no PodDisruptionBudget to wait for").isNotEmpty().allMatch(c -> c.code() == 201);
        awaitReady("dev");
    }

    @Test
    void anAutoscaledInstanceKeepsTheReplicaCountTheAutoscalerSet() {
        // The sample names a PriorityClass a production cluster has; without it no pod is admitted.
        cluster.kubectlWithInput("""
                apiVersion: scheduling.k8s.io/v1
                kind: PriorityClass
                metadata: {name: business-critical}
                value: 100000
                """, "apply", "--server-side", "-f", "-").require();
        // Its pods go to the nodes dedicated to events (podTemplate.nodeSelector), one per node: label all three. The
        // taint the sample tolerates is left off, so the other tests' pods still fit on the shared nodes.
        cluster.kubectl("label", "nodes", "--all", "--overwrite", "dedicated=events").require();
        try {
            ChartedOperator.applySamples(cluster, cluster.namespace(), "orders");
            // The autoscaler raises the Deployment to autoscaling.minReplicas (3); the operator never writes a count.
            Eventually.until("the HorizontalPodAutoscaler to scale orders to 3", Duration.ofSeconds(120), () -> {
                Deployment d = cluster.admin().apps().deployments().inNamespace(cluster.namespace()).withName("orders").get();
                return d != null && Objects.equals(d.getSpec().getReplicas(), 3);
            });
            awaitReady("orders");

            cluster.kubectl("patch", "eq", "orders", "--type=merge", "-p", "{\"spec\":{\"queue\":{\"capacity\":60000}}}")
                    .require();
            ChartedOperator.awaitReconciled(cluster, cluster.namespace(), List.of("orders"), operator);

            Deployment after = cluster.admin().apps().deployments().inNamespace(cluster.namespace()).withName("orders").get();
            assertThat(after.getSpec().getReplicas()).as("replicas after the operator updated the Deployment").isEqualTo(3);
            assertThat(cluster.kubectl("get", "eq", "orders", "-o", "jsonpath={.status.replicas}").stdout()).isEqualTo("3");
        } finally {
            cluster.kubectl("label", "nodes", "--all", "dedicated-").require();
        }
    }
}
