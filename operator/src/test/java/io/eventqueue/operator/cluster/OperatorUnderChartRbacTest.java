package io.eventqueue.operator.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventqueue.operator.dependent.EventQueueDependent;
import io.eventqueue.operator.it.Eventually;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The operator under the chart's own RBAC: installed with helm, run as a local process with a TokenRequest token of
 * the chart's ServiceAccount, so the API server's RBAC authorizer decides every call; its audit log shows what the
 * operator really did, and every grant must have been used.
 */
@ExtendWith(ControlPlaneExtension.class)
class OperatorUnderChartRbacTest {

    /** The kinds the operator writes with server-side apply. */
    static final List<String> APPLIED = List.of("services", "serviceaccounts", "configmaps", "deployments.apps",
            "poddisruptionbudgets.policy", "networkpolicies.networking.k8s.io", "horizontalpodautoscalers.autoscaling");

    /** Granted without a call in this scenario, each for a reason outside the operator's code paths run here. */
    private static final Map<String, String> GRANTED_WITHOUT_A_CALL = grantedWithoutACall();

    private static Map<String, String> grantedWithoutACall() {
        Map<String, String> granted = new TreeMap<>(Map.of(
                "update eventqueues.eventqueue.io/finalizers",
                "owner references with blockOwnerDeletion need it (OwnerReferencesPermissionEnforcement admission)",
                "get secrets", "reads a Secret named by spec.auth.adminSecretRef, which no sample names",
                "update leases.coordination.k8s.io",
                "java-operator-sdk's start-up check requires create, get and update on leases; renewals use patch"));
        APPLIED.forEach(kind -> granted.put("create " + kind, "an apply that creates the object is recorded as patch, "
                + "but authorized as create too (anApplyThatCreatesNeedsCreateAndAnApplyThatChangesNeedsOnlyPatch)"));
        return granted;
    }

    @Test
    void clusterWideModeReconcilesEverySampleWithNoForbiddenCallAndUsesEveryGrant(TestCluster cluster) {
        String workloads = cluster.createNamespace("apps");
        // Cluster-wide, the operator would also see EventQueues of earlier tests' namespaces still terminating.
        Eventually.until("no EventQueue left from earlier tests", Duration.ofSeconds(120), () ->
                cluster.kubectl("get", "eventqueues", "--all-namespaces", "-o", "name").stdout().isBlank());
        ChartedOperator installed = ChartedOperator.install(cluster, List.of());
        try (OperatorProcess operator = installed.start()) {
            ChartedOperator.applySamples(cluster, workloads);
            ChartedOperator.awaitReconciled(cluster, workloads, List.of("basic", "dev", "event-types", "orders"), operator);
            changeEverySection(cluster, workloads, operator);

            assertThat(operator.log()).as("operator log").doesNotContain(ChartedOperator.REFUSED);
        }
        String user = installed.user();
        assertThat(cluster.kubectl("auth", "can-i", "delete", "deployments", "--as=" + user, "-n", workloads).stdout())
                .isEqualTo("no\n");
        assertThat(cluster.kubectl("auth", "can-i", "patch", "eventqueues.eventqueue.io", "--as=" + user, "-n", workloads)
                .stdout()).as("the spec is the user's").isEqualTo("no\n");
        assertThat(cluster.kubectl("auth", "can-i", "patch", "eventqueues.eventqueue.io", "--subresource=status",
                "--as=" + user, "-n", workloads).stdout()).isEqualTo("yes\n");
        assertThat(cluster.kubectl("auth", "can-i", "update", "secrets", "--as=" + user, "-n", workloads).stdout())
                .as("generated credentials are never overwritten").isEqualTo("no\n");
        assertThat(cluster.kubectl("auth", "can-i", "create", "pods", "--as=" + user, "-n", workloads).stdout())
                .isEqualTo("no\n");

        List<AuditLog.Call> calls = AuditLog.calls(cluster.controlPlane().auditLog(), user);
        assertThat(calls).as("the operator's calls in the audit log").isNotEmpty();
        assertThat(calls).filteredOn(c -> c.code() == 403).as("refused calls").isEmpty();
        Set<String> used = calls.stream().map(AuditLog.Call::permission).collect(Collectors.toCollection(TreeSet::new));
        Set<String> unused = new TreeSet<>(installed.grants());
        unused.removeAll(used);
        assertThat(unused).as("granted but never called (used: " + used + ")")
                .isSubsetOf(GRANTED_WITHOUT_A_CALL.keySet());
    }

    @Test
    void namespacedModeIsConfinedToTheWatchedNamespaces(TestCluster cluster) {
        String workloads = cluster.createNamespace("apps");
        String other = cluster.createNamespace("other");
        ChartedOperator installed = ChartedOperator.install(cluster, List.of(workloads));
        try (OperatorProcess operator = installed.start()) {
            ChartedOperator.applySamples(cluster, workloads);
            ChartedOperator.awaitReconciled(cluster, workloads, List.of("basic", "dev", "event-types", "orders"), operator);

            assertThat(operator.log()).as("operator log").doesNotContain(ChartedOperator.REFUSED);
        }
        String user = installed.user();
        assertThat(cluster.kubectl("auth", "can-i", "get", "secrets", "--as=" + user, "-n", workloads).stdout())
                .isEqualTo("yes\n");
        assertThat(cluster.kubectl("auth", "can-i", "get", "secrets", "--as=" + user, "-n", other).stdout())
                .as("Secrets outside the watched namespaces").isEqualTo("no\n");
        assertThat(cluster.kubectl("auth", "can-i", "list", "secrets", "--all-namespaces", "--as=" + user).stdout())
                .isEqualTo("no\n");
        assertThat(cluster.kubectl("auth", "can-i", "list", "eventqueues.eventqueue.io", "--as=" + user, "-n", other)
                .stdout()).isEqualTo("no\n");
        assertThat(cluster.kubectl("auth", "can-i", "delete", "deployments", "--as=" + user, "-n", workloads).stdout())
                .isEqualTo("no\n");
        assertThat(AuditLog.calls(cluster.controlPlane().auditLog(), user)).filteredOn(c -> c.code() == 403)
                .as("refused calls").isEmpty();
        assertThat(AuditLog.calls(cluster.controlPlane().auditLog(), user))
                .filteredOn(c -> !c.resource().startsWith("selfsubject"))
                .allSatisfy(c -> assertThat(c.namespace()).as(c.toString()).isIn(workloads, cluster.namespace()));
    }

    @Test
    void anApplyThatCreatesNeedsCreateAndAnApplyThatChangesNeedsOnlyPatch(TestCluster cluster) {
        String user = "system:serviceaccount:" + cluster.namespace() + ":applier";
        cluster.kubectl("create", "serviceaccount", "applier").require();
        cluster.kubectl("create", "role", "applier", "--verb=patch", "--resource=configmaps").require();
        cluster.kubectl("create", "rolebinding", "applier", "--role=applier", "--serviceaccount="
                + cluster.namespace() + ":applier").require();
        String configMap = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"applied\"},"
                + "\"data\":{\"k\":\"%s\"}}";

        Processes.Result refused = cluster.kubectlWithInput(configMap.formatted("1"), "apply", "--server-side",
                "--field-manager=eventqueue-operator", "--as=" + user, "-f", "-");
        assertThat(refused.exitCode()).as(refused.output()).isNotZero();
        assertThat(refused.output()).contains("cannot create resource \"configmaps\"");

        cluster.kubectl("create", "role", "applier-create", "--verb=create", "--resource=configmaps").require();
        cluster.kubectl("create", "rolebinding", "applier-create", "--role=applier-create", "--serviceaccount="
                + cluster.namespace() + ":applier").require();
        Eventually.until("the create grant in effect", Duration.ofSeconds(30), () -> cluster.kubectlWithInput(
                configMap.formatted("1"), "apply", "--server-side", "--field-manager=eventqueue-operator",
                "--as=" + user, "-f", "-").exitCode() == 0);
        cluster.kubectl("delete", "rolebinding", "applier-create").require();
        Eventually.until("the create grant gone", Duration.ofSeconds(30), () -> cluster.kubectl("auth", "can-i", "create",
                "configmaps", "--as=" + user).stdout().equals("no\n"));

        cluster.kubectlWithInput(configMap.formatted("2"), "apply", "--server-side",
                "--field-manager=eventqueue-operator", "--as=" + user, "-f", "-").require();
        assertThat(cluster.kubectl("get", "configmap", "applied", "-o", "jsonpath={.data.k}").stdout()).isEqualTo("2");
        assertThat(cluster.kubectl("auth", "can-i", "update", "configmaps", "--as=" + user).stdout())
                .as("no update needed").isEqualTo("no\n");
    }

    /** Spec changes that make the operator update and delete dependents, so every write grant is exercised. */
    private static void changeEverySection(TestCluster cluster, String namespace, OperatorProcess operator) {
        cluster.kubectl("patch", "eq", "basic", "-n", namespace, "--type=merge", "-p",
                "{\"spec\":{\"replicas\":1,\"queue\":{\"capacity\":20000},\"network\":{\"policyEnabled\":false}}}")
                .require();
        cluster.kubectl("patch", "eq", "orders", "-n", namespace, "--type=json", "-p",
                "[{\"op\":\"replace\",\"path\":\"/spec/autoscaling/maxReplicas\",\"value\":12},"
                        + "{\"op\":\"replace\",\"path\":\"/spec/availability/podDisruptionBudget\",\"value\":{\"maxUnavailable\":2}},"
                        + "{\"op\":\"add\",\"path\":\"/spec/network/metricsFrom\","
                        + "\"value\":[{\"namespaceSelector\":{\"matchLabels\":{\"team\":\"observability\"}}}]}]")
                .require();
        ChartedOperator.awaitReconciled(cluster, namespace, List.of("basic", "orders"), operator);
        cluster.kubectl("patch", "eq", "orders", "-n", namespace, "--type=json", "-p",
                "[{\"op\":\"remove\",\"path\":\"/spec/autoscaling\"}]").require();
        ChartedOperator.awaitReconciled(cluster, namespace, List.of("orders"), operator);
        Eventually.until("basic's PodDisruptionBudget and NetworkPolicy deleted", Duration.ofSeconds(60), () ->
                cluster.kubectl("get", "pdb,networkpolicy", "-n", namespace, "-l", "app.kubernetes.io/instance=basic",
                        "-o", "name").stdout().isBlank());
        Eventually.until("orders' HorizontalPodAutoscaler deleted", Duration.ofSeconds(60), () ->
                cluster.kubectl("get", "hpa", "-n", namespace, "-o", "name").stdout().isBlank());
        // Someone edits what the operator owns: it is restored.
        cluster.kubectl("annotate", "service,serviceaccount", "-n", namespace, "-l", "app.kubernetes.io/instance=dev",
                EventQueueDependent.DESIRED_HASH + "-").require();
        Eventually.until("dev's Service and ServiceAccount restored", Duration.ofSeconds(60), () ->
                cluster.kubectl("get", "service,serviceaccount", "-n", namespace, "-l", "app.kubernetes.io/instance=dev",
                        "-o", "jsonpath={range .items[*]}{.metadata.annotations.eventqueue\\.io/desired-hash}{\"\\n\"}{end}")
                        .stdout().lines().filter(l -> !l.isBlank()).count() == 2);
    }
}
