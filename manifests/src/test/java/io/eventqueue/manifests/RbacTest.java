package io.eventqueue.manifests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The chart grants the operator exactly what it uses: every recorded API call is allowed, nothing else is. */
class RbacTest {
    /** Written by the operator's mock-server tests: one API call per line (see ApiCall for the two formats). */
    static final Path RECORDED_CALLS = Path.of("operator/target/api-calls.txt");

    /** Granted without being called, each for a reason the API server has rather than the operator's code. */
    private static final Map<String, String> GRANTED_WITHOUT_A_CALL = Map.of(
            "update eventqueues.eventqueue.io/finalizers",
            "owner references with blockOwnerDeletion need it (OwnerReferencesPermissionEnforcement admission)");

    /** Lease grants without a call: java-operator-sdk checks them at start-up (LeaderElectionManager). */
    private static final Map<String, String> LEASE_GRANTED_WITHOUT_A_CALL = Map.of(
            "update leases.coordination.k8s.io",
            "java-operator-sdk's start-up check (a SelfSubjectRulesReview) requires create, get and update on leases");

    /** Allowed to every authenticated user by the cluster's default roles, so no grant is needed. */
    private static final Set<String> GRANTED_BY_DEFAULT = Set.of(
            "selfsubjectaccessreviews.authorization.k8s.io", "selfsubjectrulesreviews.authorization.k8s.io");

    @Test
    void parsesHttpRequestLines() {
        assertThat(ApiCall.parse("GET /api/v1/namespaces/ns/configmaps?labelSelector=a%3Db&watch=true"))
                .contains(new ApiCall("watch", "", "configmaps", ""));
        assertThat(ApiCall.parse("GET /apis/apps/v1/namespaces/ns/deployments")).contains(new ApiCall("list", "apps", "deployments", ""));
        assertThat(ApiCall.parse("GET /apis/apps/v1/deployments?watch=1")).contains(new ApiCall("watch", "apps", "deployments", ""));
        assertThat(ApiCall.parse("PATCH /apis/eventqueue.io/v1alpha1/namespaces/ns/eventqueues/q1/status"))
                .contains(new ApiCall("patch", "eventqueue.io", "eventqueues/status", "q1"));
        assertThat(ApiCall.parse("PUT /apis/coordination.k8s.io/v1/namespaces/op/leases/lock"))
                .contains(new ApiCall("update", "coordination.k8s.io", "leases", "lock"));
        assertThat(ApiCall.parse("POST /api/v1/namespaces/ns/events")).contains(new ApiCall("create", "", "events", ""));
        assertThat(ApiCall.parse("DELETE /apis/policy/v1/namespaces/ns/poddisruptionbudgets/q1"))
                .contains(new ApiCall("delete", "policy", "poddisruptionbudgets", "q1"));
        assertThat(ApiCall.parse("GET /api/v1/namespaces/ns")).contains(new ApiCall("get", "", "namespaces", "ns"));
    }

    @Test
    void parsesRbacStyleLinesAndSkipsWhatIsNoResourceCall() {
        assertThat(ApiCall.parse("create deployments.apps")).contains(new ApiCall("create", "apps", "deployments", ""));
        assertThat(ApiCall.parse("update eventqueues.eventqueue.io/status"))
                .contains(new ApiCall("update", "eventqueue.io", "eventqueues/status", ""));
        assertThat(ApiCall.parse("list secrets")).contains(new ApiCall("list", "", "secrets", ""));
        assertThat(ApiCall.parse("GET /version")).isEmpty();
        assertThat(ApiCall.parse("GET /apis")).isEmpty();
        assertThat(ApiCall.parse("# a comment")).isEmpty();
        assertThat(ApiCall.parse("  ")).isEmpty();
        assertThatThrownBy(() -> ApiCall.parse("GETT")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rulesAllowWhatTheyListAndReportWhatGoesUnused() {
        RbacRules rules = RbacRules.of(Manifests.parse("""
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
        List<JsonNode> roles = List.copyOf(Manifests.ofKind(Manifests.parse(Helm.template().orFail()), "ClusterRole"));

        assertThat(roles).singleElement().satisfies(role -> assertThat(RbacRules.of(role).hasWildcard()).isFalse());
    }

    @Test
    void clusterRoleAllowsEveryCallTheOperatorMakesAndNothingMore() throws IOException {
        Path recorded = Project.root().resolve(RECORDED_CALLS);
        assumeTrue(Files.isRegularFile(recorded),
                RECORDED_CALLS + " does not exist yet: the operator's mock-server tests write it (operator branch)");
        List<ApiCall> calls = Files.readAllLines(recorded).stream().map(ApiCall::parse).flatMap(Optional::stream)
                .filter(call -> !GRANTED_BY_DEFAULT.contains(call.rbacResource()))
                .filter(call -> !call.resource().equals("leases"))
                .distinct().toList();
        var documents = Manifests.parse(Helm.template().orFail());
        RbacRules clusterRole = RbacRules.of(Manifests.single(documents, "ClusterRole"));

        assertThat(calls).as("calls recorded in " + RECORDED_CALLS).isNotEmpty();
        assertThat(clusterRole.denied(calls)).as("calls the ClusterRole denies").isEmpty();
        assertThat(clusterRole.unused(calls)).as("grants no recorded call uses")
                .isSubsetOf(GRANTED_WITHOUT_A_CALL.keySet());
    }

    @Test
    void leaseRoleAllowsEveryLeaseCallTheOperatorMakes() throws IOException {
        Path recorded = Project.root().resolve(RECORDED_CALLS);
        assumeTrue(Files.isRegularFile(recorded), RECORDED_CALLS + " does not exist yet (operator branch)");
        List<ApiCall> leaseCalls = Files.readAllLines(recorded).stream().map(ApiCall::parse).flatMap(Optional::stream)
                .filter(call -> call.resource().equals("leases")).toList();
        assumeTrue(!leaseCalls.isEmpty(), "the operator's tests record no leader-election calls");
        var documents = Manifests.parse(Helm.template().orFail());
        JsonNode leaseRole = Manifests.ofKind(documents, "Role").stream()
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

    private static ApiCall call(String line) {
        return ApiCall.parse(line).orElseThrow();
    }
}
