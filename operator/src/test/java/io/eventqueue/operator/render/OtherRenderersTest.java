package io.eventqueue.operator.render;

import static io.eventqueue.operator.Fixtures.instance;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import java.security.SecureRandom;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OtherRenderersTest {

    @Test
    void serviceIsClusterIpWithNamedPorts() {
        var service = ServiceRenderer.render(instance(""));

        assertThat(service.getMetadata().getName()).isEqualTo("q1");
        assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(service.getSpec().getPorts()).extracting(ServicePort::getName, ServicePort::getPort,
                p -> p.getTargetPort().getStrVal())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("http", 8080, "http"),
                        org.assertj.core.groups.Tuple.tuple("management", 9090, "management"));
        assertThat(service.getSpec().getSelector()).containsEntry("app.kubernetes.io/instance", "q1");
    }

    @Test
    void serviceAccountMountsNoToken() {
        assertThat(ServiceAccountRenderer.render(instance("")).getAutomountServiceAccountToken()).isFalse();
    }

    @Test
    void configMapHoldsTheRenderedConfig() {
        var configMap = ConfigMapRenderer.render(instance(""));

        assertThat(configMap.getMetadata().getName()).isEqualTo("q1-config");
        assertThat(configMap.getData()).containsOnlyKeys("config.yaml");
        assertThat(configMap.getData().get("config.yaml")).isEqualTo(RuntimeConfigRenderer.render(instance("")));
    }

    @Test
    void noDisruptionBudgetAtOnePod() {
        assertThat(PodDisruptionBudgetRenderer.render(instance("replicas: 1"))).isEmpty();
    }

    @Test
    void oneVoluntaryDisruptionAtATimeFromTwoPods() {
        var pdb = PodDisruptionBudgetRenderer.render(instance("replicas: 2")).orElseThrow();

        assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
        assertThat(pdb.getSpec().getMinAvailable()).isNull();
        assertThat(pdb.getSpec().getSelector().getMatchLabels()).containsEntry("app.kubernetes.io/instance", "q1");
    }

    @Test
    void disruptionBudgetCanBeOverriddenOrTurnedOff() {
        assertThat(PodDisruptionBudgetRenderer.render(instance(
                "replicas: 5\navailability: {podDisruptionBudget: {minAvailable: 3}}")).orElseThrow()
                .getSpec().getMinAvailable().getIntVal()).isEqualTo(3);
        assertThat(PodDisruptionBudgetRenderer.render(instance(
                "replicas: 5\navailability: {podDisruptionBudget: {maxUnavailable: 2}}")).orElseThrow()
                .getSpec().getMaxUnavailable().getIntVal()).isEqualTo(2);
        assertThat(PodDisruptionBudgetRenderer.render(instance(
                "replicas: 5\navailability: {podDisruptionBudget: {enabled: false}}"))).isEmpty();
    }

    @Test
    void autoscaledDisruptionBudgetFollowsTheAutoscalerFloor() {
        assertThat(PodDisruptionBudgetRenderer.render(instance("autoscaling: {minReplicas: 1, maxReplicas: 4}")))
                .isEmpty();
        assertThat(PodDisruptionBudgetRenderer.render(instance("autoscaling: {minReplicas: 2, maxReplicas: 4}")))
                .isPresent();
    }

    @Test
    void autoscalerOnlyWhenAskedFor() {
        assertThat(HorizontalPodAutoscalerRenderer.render(instance(""))).isEmpty();
        var hpa = HorizontalPodAutoscalerRenderer.render(instance("autoscaling: {maxReplicas: 6}")).orElseThrow();

        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(2);
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(6);
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo("q1");
        assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
        assertThat(hpa.getSpec().getMetrics().getFirst().getResource().getTarget().getAverageUtilization())
                .isEqualTo(70);
    }

    @Test
    void networkPolicyAdmitsTheNamespaceToTheApiAndMonitoringToMetricsByDefault() {
        NetworkPolicy policy = NetworkPolicyRenderer.render(instance("")).orElseThrow();
        NetworkPolicyIngressRule api = policy.getSpec().getIngress().get(0);
        NetworkPolicyIngressRule metrics = policy.getSpec().getIngress().get(1);

        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
        assertThat(policy.getSpec().getPodSelector().getMatchLabels()).containsEntry("app.kubernetes.io/instance", "q1");
        assertThat(api.getPorts()).singleElement().satisfies(p -> assertThat(p.getPort().getStrVal()).isEqualTo("http"));
        assertThat(api.getFrom()).singleElement().satisfies(peer -> {
            assertThat(peer.getNamespaceSelector()).as("same namespace").isNull();
            assertThat(peer.getPodSelector().getMatchLabels()).isEmpty();
        });
        assertThat(metrics.getPorts()).singleElement()
                .satisfies(p -> assertThat(p.getPort().getStrVal()).isEqualTo("management"));
        assertThat(metrics.getFrom()).singleElement().satisfies(peer -> assertThat(
                peer.getNamespaceSelector().getMatchLabels())
                .isEqualTo(Map.of("kubernetes.io/metadata.name", "monitoring")));
    }

    @Test
    void networkPolicyUsesTheGivenCallersAndScrapers() {
        NetworkPolicy policy = NetworkPolicyRenderer.render(instance("""
                network:
                  apiFrom:
                    - namespaceSelector: {matchLabels: {team: a}}
                      podSelector: {matchLabels: {role: producer}}
                  metricsFrom:
                    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: observability}}
                """)).orElseThrow();

        assertThat(policy.getSpec().getIngress().get(0).getFrom()).singleElement().satisfies(peer -> {
            assertThat(peer.getNamespaceSelector().getMatchLabels()).isEqualTo(Map.of("team", "a"));
            assertThat(peer.getPodSelector().getMatchLabels()).isEqualTo(Map.of("role", "producer"));
        });
        assertThat(policy.getSpec().getIngress().get(1).getFrom()).singleElement().satisfies(peer -> assertThat(
                peer.getNamespaceSelector().getMatchLabels())
                .isEqualTo(Map.of("kubernetes.io/metadata.name", "observability")));
    }

    @Test
    void restrictedEgressAllowsDnsAndTheGivenRulesOnly() {
        NetworkPolicy policy = NetworkPolicyRenderer.render(instance("""
                network:
                  egress:
                    rules:
                      - to: [{ipBlock: {cidr: 10.0.0.0/8}}]
                        ports: [{protocol: TCP, port: 443}]
                """)).orElseThrow();

        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
        assertThat(policy.getSpec().getEgress()).hasSize(2);
        assertThat(policy.getSpec().getEgress().get(0).getPorts()).extracting(p -> p.getProtocol() + "/" + p.getPort().getIntVal())
                .containsExactly("UDP/53", "TCP/53");
        assertThat(policy.getSpec().getEgress().get(1).getTo().getFirst().getIpBlock().getCidr()).isEqualTo("10.0.0.0/8");
        assertThat(NetworkPolicyRenderer.render(instance("network: {egress: {allowDns: false}}")).orElseThrow()
                .getSpec().getEgress()).as("deny all egress").isEmpty();
    }

    @Test
    void restrictedEgressAllowsTheKafkaPorts() {
        NetworkPolicy policy = NetworkPolicyRenderer.render(instance("""
                durability: {mode: kafka}
                kafka: {bootstrapServers: "k1:9093,k2:9093,k3:9094"}
                network: {egress: {}}
                """)).orElseThrow();

        assertThat(policy.getSpec().getEgress()).hasSize(2);
        assertThat(policy.getSpec().getEgress().get(1).getPorts()).extracting(p -> p.getProtocol() + "/" + p.getPort().getIntVal())
                .containsExactly("TCP/9093", "TCP/9094");
    }

    @Test
    void networkPolicyCanBeTurnedOff() {
        assertThat(NetworkPolicyRenderer.render(instance("network: {policyEnabled: false}"))).isEmpty();
    }

    @Test
    void generatedCredentialsAreRandomStrongAndNeverPrinted() {
        SecureRandom random = new SecureRandom();
        Credentials a = Credentials.generate(random);
        Credentials b = Credentials.generate(random);

        assertThat(a.adminUser()).isEqualTo("admin");
        assertThat(a.adminPassword()).hasSizeGreaterThanOrEqualTo(32).isNotEqualTo(b.adminPassword());
        assertThat(a.jwtKey().length()).isGreaterThanOrEqualTo(64);
        assertThat(a.toString()).doesNotContain(a.adminPassword()).doesNotContain(a.jwtKey());
    }

    @Test
    void secretHoldsTheThreeKeysTheRuntimeReads() {
        Credentials credentials = new Credentials("root", "pw-0123456789", "k".repeat(32));
        var secret = SecretRenderer.render(instance(""), credentials);

        assertThat(secret.getMetadata().getName()).isEqualTo("q1-credentials");
        assertThat(SecretRenderer.decode(secret)).isEqualTo(Map.of(
                "admin-user", "root", "admin-password", "pw-0123456789", "jwt-key", "k".repeat(32)));
    }

    @Test
    void configHashChangesWithConfigOrCredentialsOnly() {
        String base = ConfigHash.of("a: 1\n", Map.of("jwt-key", "x"));

        assertThat(ConfigHash.of("a: 1\n", Map.of("jwt-key", "x"))).isEqualTo(base);
        assertThat(ConfigHash.of("a: 2\n", Map.of("jwt-key", "x"))).isNotEqualTo(base);
        assertThat(ConfigHash.of("a: 1\n", Map.of("jwt-key", "y"))).isNotEqualTo(base);
        assertThat(ConfigHash.of("a: 1\nj", Map.of("wt-key", "x"))).as("fields are delimited").isNotEqualTo(base);
    }

    @Test
    void endpointNamesTheServiceAndScheme() {
        assertThat(instance("").endpoint()).isEqualTo("http://q1.ns.svc:8080");
        assertThat(instance("tls: {secretName: t}").endpoint()).isEqualTo("https://q1.ns.svc:8080");
    }
}
