package io.eventqueue.manifests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The chart grants the operator exactly what it uses: every call the operator made on the real control plane of the
 * operator module's tests (read from that API server's audit log) is allowed, nothing else is.
 */
class RbacTest {
    /** The audit log the operator module's control-plane tests leave behind (JSON lines, one per request). */
    static final Path AUDIT_LOG = Path.of("operator/target/testenv/audit.log");

    private static final Pattern CHART_SERVICE_ACCOUNT = Pattern.compile("system:serviceaccount:([^:]+):\\1-op");

    /** Granted without being called, each for a reason the API server has rather than the operator's code. */
    private static final Map<String, String> GRANTED_WITHOUT_A_CALL = grantedWithoutACall();

    private static Map<String, String> grantedWithoutACall() {
        Map<String, String> granted = new TreeMap<>(Map.of("update eventqueues.eventqueue.io/finalizers",
                "owner references with blockOwnerDeletion need it (OwnerReferencesPermissionEnforcement admission)"));
        for (String kind : List.of("services", "serviceaccounts", "configmaps", "deployments.apps",
                "poddisruptionbudgets.policy", "networkpolicies.networking.k8s.io",
                "horizontalpodautoscalers.autoscaling")) {
            granted.put("create " + kind, "written with server-side apply: the audit log records an apply that creates "
                    + "as patch, and the API server authorizes it as create too (OperatorUnderChartRbacTest)");
        }
        return granted;
    }

    /** Lease grants without a call: java-operator-sdk checks them at start-up (LeaderElectionManager). */
    private static final Map<String, String> LEASE_GRANTED_WITHOUT_A_CALL = Map.of(
            "update leases.coordination.k8s.io",
            "java-operator-sdk's start-up check (a SelfSubjectRulesReview) requires create, get and update on leases");

    /** Allowed to every authenticated user by the cluster's default roles, so no grant is needed. */
    private static final Set<String> GRANTED_BY_DEFAULT = Set.of(
            "selfsubjectaccessreviews.authorization.k8s.io", "selfsubjectrulesreviews.authorization.k8s.io");

    @Test
    void readsTheCallAndItsUserFromAnAuditEvent() {
        assertThat(ApiCall.fromAuditEvent("""
                {"kind":"Event","verb":"patch","user":{"username":"system:serviceaccount:a:a-op"},
                 "objectRef":{"resource":"eventqueues","namespace":"a","name":"q1","apiGroup":"eventqueue.io",
                 "subresource":"status"},"responseStatus":{"code":200}}""".replace("\n", "")))
                .contains(new ApiCall.Audited("system:serviceaccount:a:a-op",
                        new ApiCall("patch", "eventqueue.io", "eventqueues/status", "q1")));
        assertThat(ApiCall.fromAuditEvent("""
                {"verb":"list","user":{"username":"u"},"objectRef":{"resource":"configmaps","namespace":"a"}}"""))
                .contains(new ApiCall.Audited("u", new ApiCall("list", "", "configmaps", "")));
        assertThat(ApiCall.fromAuditEvent("{\"verb\":\"get\",\"requestURI\":\"/version\",\"user\":{\"username\":\"u\"}}"))
                .isEmpty();
    }

    @Test
    void parsesRbacStyleLinesAndSkipsCommentsAndBlankLines() {
        assertThat(ApiCall.parse("create deployments.apps")).contains(new ApiCall("create", "apps", "deployments", ""));
        assertThat(ApiCall.parse("update eventqueues.eventqueue.io/status"))
                .contains(new ApiCall("update", "eventqueue.io", "eventqueues/status", ""));
        assertThat(ApiCall.parse("list secrets")).contains(new ApiCall("list", "", "secrets", ""));
        assertThat(ApiCall.parse("# a comment")).isEmpty();
        assertThat(ApiCall.parse("  ")).isEmpty();
        assertThatThrownBy(() -> ApiCall.parse("GETT")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rulesAllowWhatTheyListAndReportWhatGoesUnused() {
        RbacRules rules = RbacRules.of(YamlDocuments.parse("""
                rules:
                  - {apiGroups: [apps], resources: [deployments], verbs: [get, list, watch, delete]}
                  - {apiGroups: [""], resources: [configmaps], verbs: [create], resourceNames: [one]}
                """).getFirst());
        List<ApiCall> calls = List.of(call("list deployments.apps"), call("watch deployments.apps"),
                call("get deployments.apps"), call("create configmaps"), call("patch deployments.apps"));

        assertThat(rules.denied(calls)).containsExactly(call("create configmaps"), call("patch deployments.apps"));
        assertThat(rules.allows(new ApiCall("create", "", "configmaps", "one"))).isTrue();
        assertThat(rules.unused(calls)).containsExactly("delete deployments.apps");
        assertThat(rules.hasWildcard()).isFalse();
    }

    @Test
    void chartRulesUseNoWildcards() {
        List<JsonNode> roles = List.copyOf(YamlDocuments.ofKind(YamlDocuments.parse(Helm.template().orFail()), "ClusterRole"));

        assertThat(roles).singleElement().satisfies(role -> assertThat(RbacRules.of(role).hasWildcard()).isFalse());
    }

    @Test
    void clusterRoleAllowsEveryCallTheOperatorMakesAndNothingMore() throws IOException {
        List<ApiCall> calls = operatorCalls().stream()
                .filter(call -> !GRANTED_BY_DEFAULT.contains(call.rbacResource()))
                .filter(call -> !call.resource().equals("leases"))
                .distinct().toList();
        var documents = YamlDocuments.parse(Helm.template().orFail());
        RbacRules clusterRole = RbacRules.of(YamlDocuments.single(documents, "ClusterRole"));

        assertThat(calls).as("the operator's calls in " + AUDIT_LOG).isNotEmpty();
        assertThat(clusterRole.denied(calls)).as("calls the ClusterRole denies").isEmpty();
        assertThat(clusterRole.unused(calls)).as("grants no recorded call uses")
                .isSubsetOf(GRANTED_WITHOUT_A_CALL.keySet());
    }

    @Test
    void leaseRoleAllowsEveryLeaseCallTheOperatorMakes() throws IOException {
        List<ApiCall> leaseCalls = operatorCalls().stream().filter(call -> call.resource().equals("leases")).toList();
        assertThat(leaseCalls).as("leader-election calls in " + AUDIT_LOG).isNotEmpty();
        var documents = YamlDocuments.parse(Helm.template().orFail());
        JsonNode leaseRole = YamlDocuments.ofKind(documents, "Role").stream()
                .filter(r -> r.at("/metadata/name").asText().endsWith("-leader-election")).findFirst().orElseThrow();

        // The recorded Lease name comes from the test's configuration: grant it under the chart's name.
        List<ApiCall> asInstalled = leaseCalls.stream().map(call -> new ApiCall(call.verb(), call.group(), call.resource(),
                call.name().isEmpty() ? "" : Helm.RELEASE)).toList();
        RbacRules lease = RbacRules.of(leaseRole);
        assertThat(lease.denied(asInstalled)).isEmpty();
        assertThat(lease.unused(asInstalled)).as("lease grants no recorded call uses")
                .isSubsetOf(LEASE_GRANTED_WITHOUT_A_CALL.keySet());
        assertThat(lease.allows(new ApiCall("create", "coordination.k8s.io", "leases", ""))
                && lease.allows(new ApiCall("get", "coordination.k8s.io", "leases", Helm.RELEASE))
                && lease.allows(new ApiCall("update", "coordination.k8s.io", "leases", Helm.RELEASE)))
                .as("the verbs java-operator-sdk's start-up check asks for").isTrue();
    }

    /**
     * Every call the chart's ServiceAccount made, as the operator's control-plane tests install it (release
     * {@code <namespace>-op} in each test's namespace, so its user is system:serviceaccount:NS:NS-op).
     */
    private static List<ApiCall> operatorCalls() throws IOException {
        Path log = Project.root().resolve(AUDIT_LOG);
        assertThat(log).as(AUDIT_LOG + ": written by the operator module's control-plane tests (run ./mvnw -pl operator "
                + "verify or make test first)").isRegularFile();
        try (var lines = Files.lines(log)) {
            return lines.map(ApiCall::fromAuditEvent).flatMap(Optional::stream)
                    .filter(a -> CHART_SERVICE_ACCOUNT.matcher(a.user()).matches()).map(ApiCall.Audited::call)
                    .distinct().toList();
        }
    }

    private static ApiCall call(String line) {
        return ApiCall.parse(line).orElseThrow();
    }
}
