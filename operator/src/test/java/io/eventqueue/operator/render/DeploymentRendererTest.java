package io.eventqueue.operator.render;

import static io.eventqueue.operator.Fixtures.instance;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeploymentRendererTest {
    private static final Map<String, String> SELECTOR =
            Map.of("app.kubernetes.io/name", "eventqueue", "app.kubernetes.io/instance", "q1");

    private static Deployment deployment(String spec) {
        return DeploymentRenderer.render(instance(spec), "hash-1");
    }

    private static PodSpec pod(String spec) {
        return deployment(spec).getSpec().getTemplate().getSpec();
    }

    private static Container container(String spec) {
        return pod(spec).getContainers().getFirst();
    }

    @Test
    void runsTheRuntimeWithTheMountedConfigAndNamedPorts() {
        Container c = container("");

        assertThat(c.getImage()).isEqualTo("registry.test/eventqueue-runtime:1.2.3");
        assertThat(c.getArgs()).containsExactly("--config", "/etc/eventqueue/config.yaml");
        assertThat(c.getPorts()).extracting(p -> p.getName() + ":" + p.getContainerPort())
                .containsExactly("http:8080", "management:9090");
    }

    @Test
    void specImageAndPullPolicyWin() {
        Container c = container("image: mirror.test/eq:9\nimagePullPolicy: Always");

        assertThat(c.getImage()).isEqualTo("mirror.test/eq:9");
        assertThat(c.getImagePullPolicy()).isEqualTo("Always");
    }

    @Test
    void probesUseTheRuntimeHealthPathsOnTheManagementPort() {
        Container c = container("");

        assertProbe(c.getStartupProbe(), "/health/live");
        assertProbe(c.getLivenessProbe(), "/health/live");
        assertProbe(c.getReadinessProbe(), "/health/ready");
        assertThat(c.getStartupProbe().getFailureThreshold() * c.getStartupProbe().getPeriodSeconds())
                .as("seconds a slow start is allowed").isGreaterThanOrEqualTo(60);
    }

    private static void assertProbe(Probe probe, String path) {
        assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
        assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("management");
    }

    @Test
    void requestsEqualLimitsSoPodsAreGuaranteedQos() {
        Container c = container("resources: {requests: {cpu: \"1.5\", memory: 1024Mi}}");

        assertThat(c.getResources().getRequests()).isEqualTo(c.getResources().getLimits());
        assertThat(c.getResources().getLimits())
                .containsEntry("cpu", new Quantity("1500m"))
                .containsEntry("memory", new Quantity("1Gi"));
        assertThat(container("").getResources().getLimits())
                .containsEntry("cpu", new Quantity("500m")).containsEntry("memory", new Quantity("512Mi"));
    }

    @Test
    void containerAndPodRunRestricted() {
        PodSpec pod = pod("");
        var sc = pod.getContainers().getFirst().getSecurityContext();

        assertThat(sc.getRunAsNonRoot()).isTrue();
        assertThat(sc.getReadOnlyRootFilesystem()).isTrue();
        assertThat(sc.getAllowPrivilegeEscalation()).isFalse();
        assertThat(sc.getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(sc.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isPositive();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getServiceAccountName()).isEqualTo("q1");
        assertThat(pod.getEnableServiceLinks()).as("no service env vars mistaken for EVENTQUEUE_* config").isFalse();
    }

    @Test
    void mountsConfigSecretsAndABoundedDataVolume() {
        PodSpec pod = pod("durability: {volumeSizeLimit: 3Gi}");

        assertThat(pod.getContainers().getFirst().getVolumeMounts()).extracting(VolumeMount::getMountPath)
                .containsExactly("/etc/eventqueue/config.yaml", "/etc/eventqueue/secrets", "/var/lib/eventqueue", "/tmp");
        assertThat(volume(pod, "config").getConfigMap().getName()).isEqualTo("q1-config");
        assertThat(volume(pod, "credentials").getSecret().getSecretName()).isEqualTo("q1-credentials");
        assertThat(volume(pod, "credentials").getSecret().getItems()).extracting(i -> i.getKey())
                .containsExactly("admin-user", "admin-password", "jwt-key");
        assertThat(volume(pod, "data").getEmptyDir().getSizeLimit()).isEqualTo(new Quantity("3Gi"));
    }

    @Test
    void adminSecretRefMountsTheUsersSecret() {
        assertThat(volume(pod("auth: {adminSecretRef: {name: mine}}"), "credentials").getSecret().getSecretName())
                .isEqualTo("mine");
    }

    @Test
    void tlsMountsTheCertificateSecret() {
        PodSpec pod = pod("tls: {secretName: q1-tls}");

        assertThat(volume(pod, "tls").getSecret().getSecretName()).isEqualTo("q1-tls");
        assertThat(pod.getContainers().getFirst().getVolumeMounts()).extracting(VolumeMount::getMountPath)
                .contains("/etc/eventqueue/tls");
    }

    @Test
    void kafkaPodsAreStatelessMountTheKafkaSecretsAndNameThemselvesForStaticMembership() {
        PodSpec pod = pod("""
                durability: {mode: kafka}
                kafka:
                  bootstrapServers: "k1.kafka:9093,k2.kafka:9094"
                  tls: {caSecretName: kafka-ca, clientSecretName: kafka-client}
                  sasl: {mechanism: SCRAM-SHA-512, secretName: kafka-user}
                """);

        assertThat(pod.getVolumes()).extracting(Volume::getName).doesNotContain("data");
        assertThat(pod.getContainers().getFirst().getVolumeMounts()).extracting(VolumeMount::getMountPath)
                .containsExactly("/etc/eventqueue/config.yaml", "/etc/eventqueue/secrets", "/etc/eventqueue/kafka/ca",
                        "/etc/eventqueue/kafka/client", "/etc/eventqueue/kafka/sasl", "/tmp");
        assertThat(volume(pod, "kafka-ca").getSecret().getSecretName()).isEqualTo("kafka-ca");
        assertThat(volume(pod, "kafka-client").getSecret().getItems()).extracting(i -> i.getKey())
                .containsExactly("tls.crt", "tls.key");
        assertThat(volume(pod, "kafka-sasl").getSecret().getItems()).extracting(i -> i.getKey())
                .containsExactly("username", "password");
        assertThat(pod.getContainers().getFirst().getEnv()).singleElement().satisfies(env -> {
            assertThat(env.getName()).isEqualTo("EVENTQUEUE_KAFKA_INSTANCE_ID");
            assertThat(env.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
        });
        assertThat(pod("durability: {mode: kafka}\nkafka: {bootstrapServers: 'k:9092'}\nsinks: {file: {enabled: true}}")
                .getVolumes()).as("the file sink writes into the data volume").extracting(Volume::getName).contains("data");
    }

    private static Volume volume(PodSpec pod, String name) {
        return pod.getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void terminationWaitsForPreStopAndTheDrain() {
        PodSpec pod = pod("shutdown: {drainTimeout: 45s}");

        assertThat(pod.getContainers().getFirst().getLifecycle().getPreStop().getSleep().getSeconds()).isEqualTo(5L);
        assertThat(pod.getTerminationGracePeriodSeconds()).isEqualTo(5 + 45 + 5L);
        assertThat(pod("shutdown: {drainTimeout: 1500ms}").getTerminationGracePeriodSeconds()).isEqualTo(5 + 2 + 5L);
    }

    @Test
    void rollsOneExtraPodAtATimeAndNeverDropsBelowTheCount() {
        var strategy = deployment("").getSpec().getStrategy();

        assertThat(strategy.getType()).isEqualTo("RollingUpdate");
        assertThat(strategy.getRollingUpdate().getMaxUnavailable().getIntVal()).isZero();
        assertThat(strategy.getRollingUpdate().getMaxSurge().getIntVal()).isEqualTo(1);
    }

    @Test
    void withOnePodPerNodeARolloutReplacesPodsInPlaceInsteadOfNeedingASpareNode() {
        var strategy = deployment("{replicas: 3, availability: {podAntiAffinity: required}}").getSpec().getStrategy();

        assertThat(strategy.getRollingUpdate().getMaxSurge().getIntVal()).isZero();
        assertThat(strategy.getRollingUpdate().getMaxUnavailable().getIntVal()).isEqualTo(1);
    }

    @Test
    void aRolloutGetsKubernetesDefaultProgressDeadlineUnlessTheSpecSetsOne() {
        assertThat(deployment("").getSpec().getProgressDeadlineSeconds()).isEqualTo(600);
        assertThat(deployment("availability: {progressDeadlineSeconds: 45}").getSpec().getProgressDeadlineSeconds())
                .isEqualTo(45);
    }

    @Test
    void podTemplateCarriesTheConfigHash() {
        assertThat(deployment("").getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry("eventqueue.io/config-hash", "hash-1");
    }

    @Test
    void replicasComeFromTheSpecUnlessAnAutoscalerOwnsThem() {
        assertThat(deployment("replicas: 4").getSpec().getReplicas()).isEqualTo(4);
        assertThat(deployment("autoscaling: {maxReplicas: 5}").getSpec().getReplicas()).isNull();
    }

    @Test
    void spreadsOverZonesAndNodesByDefault() {
        assertThat(pod("").getTopologySpreadConstraints())
                .extracting(TopologySpreadConstraint::getTopologyKey, TopologySpreadConstraint::getWhenUnsatisfiable,
                        TopologySpreadConstraint::getMaxSkew)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("topology.kubernetes.io/zone", "ScheduleAnyway", 1),
                        org.assertj.core.groups.Tuple.tuple("kubernetes.io/hostname", "ScheduleAnyway", 1));
        assertThat(pod("").getTopologySpreadConstraints())
                .allSatisfy(c -> assertThat(c.getLabelSelector().getMatchLabels()).isEqualTo(SELECTOR));
    }

    @Test
    void spreadPoliciesCanBeHardenedOrDisabled() {
        assertThat(pod("availability: {topologySpread: {zone: DoNotSchedule, hostname: Disabled}}")
                .getTopologySpreadConstraints())
                .extracting(TopologySpreadConstraint::getTopologyKey, TopologySpreadConstraint::getWhenUnsatisfiable)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("topology.kubernetes.io/zone", "DoNotSchedule"));
    }

    @Test
    void specConstraintsReplaceTheDefaultsAndGetTheInstanceSelector() {
        var constraints = pod("""
                availability:
                  topologySpread:
                    constraints:
                      - {maxSkew: 2, topologyKey: example.com/rack, whenUnsatisfiable: DoNotSchedule}
                """).getTopologySpreadConstraints();

        assertThat(constraints).singleElement().satisfies(c -> {
            assertThat(c.getTopologyKey()).isEqualTo("example.com/rack");
            assertThat(c.getMaxSkew()).isEqualTo(2);
            assertThat(c.getLabelSelector().getMatchLabels()).isEqualTo(SELECTOR);
        });
    }

    @Test
    void antiAffinityIsPreferredByDefaultRequiredOrNone() {
        var preferred = pod("").getAffinity().getPodAntiAffinity();
        var required = pod("availability: {podAntiAffinity: required}").getAffinity().getPodAntiAffinity();

        assertThat(preferred.getPreferredDuringSchedulingIgnoredDuringExecution()).singleElement()
                .satisfies(t -> assertThat(t.getPodAffinityTerm().getTopologyKey()).isEqualTo("kubernetes.io/hostname"));
        assertThat(preferred.getRequiredDuringSchedulingIgnoredDuringExecution()).isEmpty();
        assertThat(required.getRequiredDuringSchedulingIgnoredDuringExecution()).singleElement()
                .satisfies(t -> assertThat(t.getLabelSelector().getMatchLabels()).isEqualTo(SELECTOR));
        assertThat(pod("availability: {podAntiAffinity: none}").getAffinity()).isNull();
    }

    @Test
    void nodeAffinityIsPassedThrough() {
        var affinity = pod("""
                availability:
                  podAntiAffinity: none
                  nodeAffinity:
                    requiredDuringSchedulingIgnoredDuringExecution:
                      nodeSelectorTerms:
                        - matchExpressions: [{key: pool, operator: In, values: [events]}]
                """).getAffinity();

        assertThat(affinity.getPodAntiAffinity()).isNull();
        assertThat(affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms().getFirst().getMatchExpressions().getFirst().getKey()).isEqualTo("pool");
    }

    @Test
    void podTemplateOverridesAddLabelsAnnotationsAndScheduling() {
        Deployment d = deployment("""
                podTemplate:
                  labels: {team: a, app.kubernetes.io/instance: hijack}
                  annotations: {note: x, eventqueue.io/config-hash: forged}
                  nodeSelector: {pool: events}
                  tolerations: [{key: dedicated, operator: Equal, value: events, effect: NoSchedule}]
                  priorityClassName: high
                """);
        var template = d.getSpec().getTemplate();

        assertThat(template.getMetadata().getLabels()).containsEntry("team", "a")
                .containsEntry("app.kubernetes.io/instance", "q1");
        assertThat(template.getMetadata().getAnnotations()).containsEntry("note", "x")
                .containsEntry("eventqueue.io/config-hash", "hash-1");
        assertThat(template.getSpec().getNodeSelector()).containsEntry("pool", "events");
        assertThat(template.getSpec().getTolerations()).singleElement()
                .satisfies(t -> assertThat(t.getKey()).isEqualTo("dedicated"));
        assertThat(template.getSpec().getPriorityClassName()).isEqualTo("high");
    }

    @Test
    void selectorMatchesThePodLabels() {
        Deployment d = deployment("");

        assertThat(d.getSpec().getSelector().getMatchLabels()).isEqualTo(SELECTOR);
        assertThat(d.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(SELECTOR);
        assertThat(d.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "eventqueue-operator");
    }
}
