package io.eventqueue.operator.render;

import io.eventqueue.operator.api.v1alpha1.AvailabilitySpec;
import io.eventqueue.operator.api.v1alpha1.EventQueueSpec;
import io.eventqueue.operator.api.v1alpha1.KafkaSpec;
import io.eventqueue.operator.api.v1alpha1.PodTemplateSpec;
import io.eventqueue.operator.api.v1alpha1.TopologySpreadSpec;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.KeyToPathBuilder;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.PodAffinityTermBuilder;
import io.fabric8.kubernetes.api.model.PodAntiAffinity;
import io.fabric8.kubernetes.api.model.PodAntiAffinityBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The runtime Deployment: Guaranteed QoS, restricted security context, probes on the management port, drain-aware
 * termination, spread over zones and nodes, and a config hash that rolls the pods exactly when their config changes.
 */
public final class DeploymentRenderer {
    public static final String CONTAINER = "eventqueue";
    static final String ZONE_KEY = "topology.kubernetes.io/zone";
    static final String HOSTNAME_KEY = "kubernetes.io/hostname";
    private static final String CONFIG_VOLUME = "config";
    private static final String SECRETS_VOLUME = "credentials";
    private static final String TLS_VOLUME = "tls";
    private static final String DATA_VOLUME = "data";
    private static final String TMP_VOLUME = "tmp";

    private DeploymentRenderer() {
    }

    /** @param configHash {@link ConfigHash} of the rendered config and the credentials the pods mount */
    public static Deployment render(Instance instance, String configHash) {
        EventQueueSpec spec = instance.spec();
        PodTemplateSpec template = spec.podTemplate();
        Map<String, String> podLabels = new LinkedHashMap<>(template.labels());
        podLabels.putAll(Labels.common(instance.name()));
        Map<String, String> podAnnotations = new LinkedHashMap<>(template.annotations());
        podAnnotations.put("prometheus.io/scrape", "true");
        podAnnotations.put("prometheus.io/port", String.valueOf(RuntimeLayout.MANAGEMENT_PORT));
        podAnnotations.put("prometheus.io/path", RuntimeLayout.METRICS_PATH);
        podAnnotations.put(ConfigHash.ANNOTATION, configHash);

        // With one pod per node a surge pod would need a spare node on every rollout; replace pods in place instead.
        boolean onePodPerNode = spec.availability().podAntiAffinity() == AvailabilitySpec.AntiAffinity.required;
        return new DeploymentBuilder()
                .withMetadata(Metadata.of(instance, Names.workload(instance.name())))
                .withNewSpec()
                .withReplicas(instance.autoscaled() ? null : spec.replicas())
                .withProgressDeadlineSeconds(spec.availability().progressDeadlineSeconds())
                .withNewSelector().withMatchLabels(Labels.selector(instance.name())).endSelector()
                .withNewStrategy()
                .withType("RollingUpdate")
                .withNewRollingUpdate()
                .withMaxUnavailable(new IntOrString(onePodPerNode ? 1 : 0))
                .withMaxSurge(new IntOrString(onePodPerNode ? 0 : 1))
                .endRollingUpdate()
                .endStrategy()
                .withNewTemplate()
                .withNewMetadata().withLabels(podLabels).withAnnotations(podAnnotations).endMetadata()
                .withNewSpec()
                .withServiceAccountName(Names.workload(instance.name()))
                .withAutomountServiceAccountToken(false)
                .withEnableServiceLinks(false)
                .withTerminationGracePeriodSeconds(terminationGracePeriodSeconds(instance))
                .withNewSecurityContext()
                .withRunAsNonRoot(true)
                .withRunAsUser(RuntimeLayout.RUN_AS_USER)
                .withRunAsGroup(RuntimeLayout.RUN_AS_USER)
                .withFsGroup(RuntimeLayout.RUN_AS_USER)
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .endSecurityContext()
                .withContainers(container(instance))
                .withVolumes(volumes(instance))
                .withTopologySpreadConstraints(topologySpread(instance))
                .withAffinity(affinity(instance))
                .withNodeSelector(template.nodeSelector())
                .withTolerations(template.tolerations())
                .withPriorityClassName(template.priorityClassName())
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    /**
     * preStop delay, then the runtime's drain timeout, then 5 s to flush and exit before SIGKILL: the runtime bounds
     * its own exit at drain timeout + 4 s (its SHUTDOWN_MARGIN), so the grace period covers it whatever its sinks do.
     */
    public static long terminationGracePeriodSeconds(Instance instance) {
        return RuntimeLayout.PRE_STOP_SECONDS + RuntimeDurations.ceilSeconds(instance.spec().shutdown().drainTimeout()) + 5;
    }

    private static Container container(Instance instance) {
        EventQueueSpec spec = instance.spec();
        Map<String, Quantity> resources = new LinkedHashMap<>();
        resources.put("cpu", new Quantity(Quantities.canonical(spec.resources().requests().cpu())));
        resources.put("memory", new Quantity(Quantities.canonical(spec.resources().requests().memory())));
        return new ContainerBuilder()
                .withName(CONTAINER)
                .withImage(instance.image())
                .withImagePullPolicy(spec.imagePullPolicy().name())
                .withArgs("--config", RuntimeLayout.CONFIG_FILE)
                .withEnv(env(instance))
                .withPorts(
                        new ContainerPortBuilder().withName(RuntimeLayout.HTTP_PORT_NAME)
                                .withContainerPort(RuntimeLayout.HTTP_PORT).withProtocol("TCP").build(),
                        new ContainerPortBuilder().withName(RuntimeLayout.MANAGEMENT_PORT_NAME)
                                .withContainerPort(RuntimeLayout.MANAGEMENT_PORT).withProtocol("TCP").build())
                .withResources(new ResourceRequirementsBuilder()
                        .withRequests(new LinkedHashMap<>(resources))
                        .withLimits(new LinkedHashMap<>(resources))
                        .build())
                .withStartupProbe(probe(RuntimeLayout.LIVE_PATH, 2, 1, 60))
                .withLivenessProbe(probe(RuntimeLayout.LIVE_PATH, 10, 2, 3))
                .withReadinessProbe(probe(RuntimeLayout.READY_PATH, 5, 2, 2))
                .withNewLifecycle()
                .withNewPreStop().withNewSleep().withSeconds((long) RuntimeLayout.PRE_STOP_SECONDS).endSleep()
                .endPreStop()
                .endLifecycle()
                .withNewSecurityContext()
                .withRunAsNonRoot(true)
                .withReadOnlyRootFilesystem(true)
                .withAllowPrivilegeEscalation(false)
                .withNewCapabilities().withDrop("ALL").endCapabilities()
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .endSecurityContext()
                .withVolumeMounts(volumeMounts(instance))
                .withTerminationMessagePolicy("FallbackToLogsOnError")
                .build();
    }

    private static Probe probe(String path, int periodSeconds, int timeoutSeconds, int failureThreshold) {
        return new ProbeBuilder()
                .withNewHttpGet()
                .withPath(path)
                .withPort(new IntOrString(RuntimeLayout.MANAGEMENT_PORT_NAME))
                .withScheme("HTTP")
                .endHttpGet()
                .withPeriodSeconds(periodSeconds)
                .withTimeoutSeconds(timeoutSeconds)
                .withSuccessThreshold(1)
                .withFailureThreshold(failureThreshold)
                .build();
    }

    private static List<EnvVar> env(Instance instance) {
        if (!instance.kafka()) {
            return List.of();
        }
        return List.of(new EnvVarBuilder().withName(RuntimeLayout.KAFKA_INSTANCE_ID_ENV)
                .withNewValueFrom().withNewFieldRef().withFieldPath("metadata.name").endFieldRef().endValueFrom()
                .build());
    }

    private static List<VolumeMount> volumeMounts(Instance instance) {
        List<VolumeMount> mounts = new ArrayList<>();
        mounts.add(new VolumeMountBuilder().withName(CONFIG_VOLUME).withMountPath(RuntimeLayout.CONFIG_FILE)
                .withSubPath(RuntimeLayout.CONFIG_KEY).withReadOnly(true).build());
        mounts.add(new VolumeMountBuilder().withName(SECRETS_VOLUME).withMountPath(RuntimeLayout.SECRETS_DIR)
                .withReadOnly(true).build());
        if (instance.tls()) {
            mounts.add(new VolumeMountBuilder().withName(TLS_VOLUME).withMountPath(RuntimeLayout.TLS_DIR)
                    .withReadOnly(true).build());
        }
        if (instance.kafka()) {
            kafkaVolumes(instance).forEach((path, volume) -> mounts.add(new VolumeMountBuilder()
                    .withName(volume.getName()).withMountPath(RuntimeLayout.KAFKA_DIR + "/" + path).withReadOnly(true)
                    .build()));
        }
        if (instance.dataVolume()) {
            mounts.add(new VolumeMountBuilder().withName(DATA_VOLUME).withMountPath(RuntimeLayout.DATA_DIR).build());
        }
        mounts.add(new VolumeMountBuilder().withName(TMP_VOLUME).withMountPath(RuntimeLayout.TMP_DIR).build());
        return mounts;
    }

    private static List<Volume> volumes(Instance instance) {
        List<Volume> volumes = new ArrayList<>();
        volumes.add(new VolumeBuilder().withName(CONFIG_VOLUME)
                .withNewConfigMap().withName(Names.config(instance.name())).withDefaultMode(0444).endConfigMap()
                .build());
        volumes.add(new VolumeBuilder().withName(SECRETS_VOLUME)
                .withNewSecret()
                .withSecretName(instance.credentialsSecretName())
                .withDefaultMode(0440)
                .withItems(
                        new KeyToPathBuilder().withKey(RuntimeLayout.ADMIN_USER_KEY)
                                .withPath(RuntimeLayout.ADMIN_USER_KEY).build(),
                        new KeyToPathBuilder().withKey(RuntimeLayout.ADMIN_PASSWORD_KEY)
                                .withPath(RuntimeLayout.ADMIN_PASSWORD_KEY).build(),
                        new KeyToPathBuilder().withKey(RuntimeLayout.JWT_KEY_KEY)
                                .withPath(RuntimeLayout.JWT_KEY_KEY).build())
                .endSecret()
                .build());
        if (instance.tls()) {
            volumes.add(new VolumeBuilder().withName(TLS_VOLUME)
                    .withNewSecret().withSecretName(instance.spec().tls().secretName()).withDefaultMode(0440)
                    .endSecret()
                    .build());
        }
        if (instance.kafka()) {
            volumes.addAll(kafkaVolumes(instance).values());
        }
        if (instance.dataVolume()) {
            volumes.add(new VolumeBuilder().withName(DATA_VOLUME)
                    .withNewEmptyDir()
                    .withSizeLimit(new Quantity(Quantities.canonical(instance.spec().durability().volumeSizeLimit())))
                    .endEmptyDir()
                    .build());
        }
        volumes.add(new VolumeBuilder().withName(TMP_VOLUME)
                .withNewEmptyDir().withSizeLimit(new Quantity("64Mi")).endEmptyDir()
                .build());
        return volumes;
    }

    /** The Kafka Secrets by mount path under {@link RuntimeLayout#KAFKA_DIR}. */
    private static Map<String, Volume> kafkaVolumes(Instance instance) {
        KafkaSpec k = instance.spec().kafka();
        Map<String, Volume> out = new LinkedHashMap<>();
        if (k.tls() != null) {
            out.put("ca", secretVolume("kafka-ca", k.tls().caSecretName(), "ca.crt"));
            if (k.tls().clientSecretName() != null) {
                out.put("client", secretVolume("kafka-client", k.tls().clientSecretName(), "tls.crt", "tls.key"));
            }
        }
        if (k.sasl() != null) {
            out.put("sasl", secretVolume("kafka-sasl", k.sasl().secretName(), "username", "password"));
        }
        return out;
    }

    private static Volume secretVolume(String name, String secret, String... keys) {
        List<KeyToPath> items = new ArrayList<>();
        for (String key : keys) {
            items.add(new KeyToPathBuilder().withKey(key).withPath(key).build());
        }
        return new VolumeBuilder().withName(name)
                .withNewSecret().withSecretName(secret).withDefaultMode(0440).withItems(items).endSecret()
                .build();
    }

    /** Spec constraints replace the zone and hostname defaults; a constraint without selector gets this instance's. */
    static List<TopologySpreadConstraint> topologySpread(Instance instance) {
        TopologySpreadSpec spread = instance.spec().availability().topologySpread();
        if (!spread.constraints().isEmpty()) {
            return spread.constraints().stream()
                    .map(c -> c.getLabelSelector() != null ? c
                            : new TopologySpreadConstraintBuilder(c).withLabelSelector(selector(instance)).build())
                    .toList();
        }
        List<TopologySpreadConstraint> constraints = new ArrayList<>();
        if (spread.zone() != TopologySpreadSpec.Policy.Disabled) {
            constraints.add(spreadOver(instance, ZONE_KEY, spread.zone()));
        }
        if (spread.hostname() != TopologySpreadSpec.Policy.Disabled) {
            constraints.add(spreadOver(instance, HOSTNAME_KEY, spread.hostname()));
        }
        return constraints;
    }

    private static TopologySpreadConstraint spreadOver(Instance instance, String key, TopologySpreadSpec.Policy policy) {
        return new TopologySpreadConstraintBuilder()
                .withMaxSkew(1)
                .withTopologyKey(key)
                .withWhenUnsatisfiable(policy.name())
                .withLabelSelector(selector(instance))
                .build();
    }

    private static Affinity affinity(Instance instance) {
        AvailabilitySpec availability = instance.spec().availability();
        PodAntiAffinity antiAffinity = switch (availability.podAntiAffinity()) {
            case none -> null;
            case preferred -> new PodAntiAffinityBuilder()
                    .addNewPreferredDuringSchedulingIgnoredDuringExecution()
                    .withWeight(100)
                    .withPodAffinityTerm(hostnameTerm(instance))
                    .endPreferredDuringSchedulingIgnoredDuringExecution()
                    .build();
            case required -> new PodAntiAffinityBuilder()
                    .withRequiredDuringSchedulingIgnoredDuringExecution(hostnameTerm(instance))
                    .build();
        };
        if (antiAffinity == null && availability.nodeAffinity() == null) {
            return null;
        }
        return new AffinityBuilder()
                .withPodAntiAffinity(antiAffinity)
                .withNodeAffinity(availability.nodeAffinity())
                .build();
    }

    private static PodAffinityTerm hostnameTerm(Instance instance) {
        return new PodAffinityTermBuilder()
                .withTopologyKey(HOSTNAME_KEY)
                .withLabelSelector(selector(instance))
                .build();
    }

    private static LabelSelector selector(Instance instance) {
        return new LabelSelectorBuilder().withMatchLabels(Labels.selector(instance.name())).build();
    }
}
