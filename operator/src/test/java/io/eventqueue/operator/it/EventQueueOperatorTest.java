package io.eventqueue.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventqueue.operator.EventQueueOperator;
import io.eventqueue.operator.Fixtures;
import io.eventqueue.operator.OperatorSettings;
import io.eventqueue.operator.api.v1alpha1.Condition;
import io.eventqueue.operator.api.v1alpha1.EventQueue;
import io.eventqueue.operator.api.v1alpha1.EventQueueStatus;
import io.eventqueue.operator.render.ConfigHash;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The real operator (java-operator-sdk, all dependents, status, events, leader election) against the fabric8
 * Kubernetes mock server in CRUD mode. One server and one operator serve every test; each test uses its own
 * EventQueue. Every API call the operator makes is written to target/api-calls.txt (for the chart's RBAC check).
 */
@EnableKubernetesMockClient(crud = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EventQueueOperatorTest {
    static final String NS = "ns";
    static final Duration TIMEOUT = Duration.ofSeconds(20);
    static final Duration RESYNC = Duration.ofMillis(500);

    static KubernetesMockServer server;
    static KubernetesClient client;
    static ApiCallRecorder calls;
    static SimpleMeterRegistry registry;
    static KubernetesClient operatorClient;
    static EventQueueOperator operator;

    @BeforeAll
    static void startOperator() throws IOException {
        try (var crd = Files.newInputStream(Path.of("target/classes/META-INF/fabric8/eventqueues.eventqueue.io-v1.yml"))) {
            client.apiextensions().v1().customResourceDefinitions().load(crd).create();
        }
        // java-operator-sdk asks the API server whether it may use the Lease; the mock cannot answer that itself.
        server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
                .andReturn(201, new SelfSubjectRulesReviewBuilder().withNewStatus().addNewResourceRule()
                        .withApiGroups("coordination.k8s.io").withResources("leases")
                        .withVerbs("get", "create", "update").endResourceRule().withIncomplete(false).endStatus()
                        .build())
                .always();
        calls = new ApiCallRecorder(server);
        registry = new SimpleMeterRegistry();
        operatorClient = server.createClient(b -> b.editOrNewConfig()
                .withUserAgent(ApiCallRecorder.OPERATOR_AGENT).endConfig());
        OperatorSettings settings = new OperatorSettings(Set.of(), Fixtures.IMAGE, true, "eventqueue-operator",
                "operator-ns", "operator-0", 0, RESYNC);
        operator = EventQueueOperator.start(settings, operatorClient, registry, new TickingClock(Instant.now()));
    }

    @AfterAll
    static void stopOperator() throws IOException {
        if (operator != null) {
            operator.close();
            calls.writeTo(Path.of("target/api-calls.txt"));
            operatorClient.close();
        }
    }

    @Test
    @Order(1)
    void createsEveryDependentOwnedByTheEventQueue() {
        EventQueue eq = create("created", "replicas: 2");

        Deployment deployment = await(Deployment.class, "created");
        List<HasMetadata> dependents = List.of(deployment, await(Service.class, "created"),
                await(ServiceAccount.class, "created"), await(ConfigMap.class, "created-config"),
                await(Secret.class, "created-credentials"), await(PodDisruptionBudget.class, "created"),
                await(NetworkPolicy.class, "created"));

        assertThat(dependents).allSatisfy(d -> assertThat(d.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(owner -> {
                    assertThat(owner.getUid()).isEqualTo(eq.getMetadata().getUid());
                    assertThat(owner.getKind()).isEqualTo("EventQueue");
                    assertThat(owner.getController()).isTrue();
                }));
        assertThat(dependents).allSatisfy(d -> assertThat(d.getMetadata().getLabels())
                .containsEntry("app.kubernetes.io/managed-by", "eventqueue-operator")
                .containsEntry("app.kubernetes.io/instance", "created"));
        assertThat(get(HorizontalPodAutoscaler.class, "created")).as("no autoscaling asked for").isNull();
        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage())
                .isEqualTo(Fixtures.IMAGE);
        Map<String, String> credentials = decode(get(Secret.class, "created-credentials"));
        assertThat(credentials.get("admin-password")).hasSizeGreaterThanOrEqualTo(32);
        assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations().get(ConfigHash.ANNOTATION))
                .isEqualTo(ConfigHash.of(get(ConfigMap.class, "created-config").getData().get("config.yaml"),
                        credentials));
        Await.untilAsserted("Created events", TIMEOUT, () -> assertThat(events("created"))
                .extracting(Event::getReason).contains("Created"));
        assertThat(get(EventQueue.class, "created").getMetadata().getFinalizers())
                .as("deletion relies on owner references, no finalizer").isEmpty();
    }

    @Test
    @Order(2)
    void specChangePatchesWhatChangedAndRollsThePods() {
        create("changed", "replicas: 2");
        Deployment before = await(Deployment.class, "changed");
        await(PodDisruptionBudget.class, "changed");
        Secret secretBefore = await(Secret.class, "changed-credentials");
        String serviceVersionBefore = await(Service.class, "changed").getMetadata().getResourceVersion();
        String hashBefore = hash(before);

        replaceSpec("changed", "{replicas: 1, queue: {capacity: 777}}");

        Await.untilAsserted("ConfigMap and Deployment updated", TIMEOUT, () -> {
            assertThat(get(ConfigMap.class, "changed-config").getData().get("config.yaml")).contains("capacity: 777");
            Deployment after = get(Deployment.class, "changed");
            assertThat(after.getSpec().getReplicas()).isEqualTo(1);
            assertThat(hash(after)).isNotEqualTo(hashBefore);
        });
        Await.until("PodDisruptionBudget removed at one replica", TIMEOUT,
                () -> get(PodDisruptionBudget.class, "changed") == null);
        assertThat(get(Secret.class, "changed-credentials").getData())
                .as("generated credentials are never regenerated").isEqualTo(secretBefore.getData());
        assertThat(get(Service.class, "changed").getMetadata().getResourceVersion())
                .as("unchanged objects are not written").isEqualTo(serviceVersionBefore);
        Await.untilAsserted("Updated events", TIMEOUT, () -> assertThat(events("changed"))
                .extracting(Event::getReason).contains("Updated"));
    }

    @Test
    @Order(3)
    void generatedCredentialsAreNeverOverwrittenAndTheirRotationRollsThePods() {
        create("rotated", "");
        String hashBefore = hash(await(Deployment.class, "rotated"));
        Secret secret = await(Secret.class, "rotated-credentials");
        client.resource(new SecretBuilder(secret).addToData("admin-password",
                Base64.getEncoder().encodeToString("rotated-by-the-user-0123456789".getBytes())).build()).update();

        replaceSpec("rotated", "queue: {capacity: 11}");

        Await.untilAsserted("pods roll for the new password", TIMEOUT,
                () -> assertThat(hash(get(Deployment.class, "rotated"))).isNotEqualTo(hashBefore));
        assertThat(decode(get(Secret.class, "rotated-credentials")).get("admin-password"))
                .isEqualTo("rotated-by-the-user-0123456789");
    }

    @Test
    @Order(4)
    void autoscalingCreatesAnAutoscalerAndLeavesTheReplicaCountToIt() {
        create("scaled", "autoscaling: {minReplicas: 2, maxReplicas: 5}");

        HorizontalPodAutoscaler hpa = await(HorizontalPodAutoscaler.class, "scaled");
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(5);
        assertThat(await(Deployment.class, "scaled").getSpec().getReplicas()).isNull();

        client.apps().deployments().inNamespace(NS).withName("scaled").scale(4);
        String hashBefore = hash(get(Deployment.class, "scaled"));

        replaceSpec("scaled", "autoscaling: {minReplicas: 2, maxReplicas: 8}");

        Await.untilAsserted("autoscaler and config updated", TIMEOUT, () -> {
            assertThat(get(HorizontalPodAutoscaler.class, "scaled").getSpec().getMaxReplicas()).isEqualTo(8);
            assertThat(hash(get(Deployment.class, "scaled"))).as("rate limits are divided by maxReplicas")
                    .isNotEqualTo(hashBefore);
        });
        assertThat(get(Deployment.class, "scaled").getSpec().getReplicas())
                .as("the count the autoscaler set survives the update").isEqualTo(4);

        replaceSpec("scaled", "");

        Await.until("autoscaler removed", TIMEOUT, () -> get(HorizontalPodAutoscaler.class, "scaled") == null);
        Await.untilAsserted("replicas back in the Deployment", TIMEOUT,
                () -> assertThat(get(Deployment.class, "scaled").getSpec().getReplicas()).isEqualTo(1));
    }

    @Test
    @Order(5)
    void objectsChangedBehindTheOperatorsBackAreRestoredAndOnesTurnedOffRemoved() {
        create("drifted", "replicas: 3");
        Service service = await(Service.class, "drifted");
        ServiceAccount account = await(ServiceAccount.class, "drifted");
        NetworkPolicy policy = await(NetworkPolicy.class, "drifted");
        PodDisruptionBudget budget = await(PodDisruptionBudget.class, "drifted");

        service.getSpec().getPorts().removeIf(p -> p.getName().equals("management"));
        client.resource(service).update();
        account.setAutomountServiceAccountToken(true);
        client.resource(account).update();
        policy.getSpec().getIngress().clear();
        client.resource(policy).update();
        budget.getSpec().setMaxUnavailable(new IntOrString(3));
        client.resource(budget).update();

        Await.untilAsserted("drift corrected", TIMEOUT, () -> {
            assertThat(get(Service.class, "drifted").getSpec().getPorts()).hasSize(2);
            assertThat(get(ServiceAccount.class, "drifted").getAutomountServiceAccountToken()).isFalse();
            assertThat(get(NetworkPolicy.class, "drifted").getSpec().getIngress()).hasSize(2);
            assertThat(get(PodDisruptionBudget.class, "drifted").getSpec().getMaxUnavailable().getIntVal())
                    .isEqualTo(1);
        });

        replaceSpec("drifted", "{replicas: 3, network: {policyEnabled: false}}");

        Await.until("NetworkPolicy removed when turned off", TIMEOUT, () -> get(NetworkPolicy.class, "drifted") == null);
    }

    @Test
    @Order(6)
    void readyDeploymentMakesTheEventQueueReady() {
        StatusHistory history = new StatusHistory(client, NS, "ready");
        create("ready", "replicas: 2");
        Deployment deployment = await(Deployment.class, "ready");
        EventQueueStatus progressing = Await.until("Progressing status", TIMEOUT, () -> {
            EventQueueStatus s = get(EventQueue.class, "ready").getStatus();
            return s != null && s.phase() == EventQueueStatus.Phase.Progressing ? s : null;
        });
        assertThat(progressing.ready()).isEqualTo("0/2");
        assertThat(condition(progressing, "Ready").status()).isEqualTo("False");
        assertThat(condition(progressing, "Progressing").status()).isEqualTo("True");

        markReady(deployment, 2);

        EventQueueStatus ready = Await.until("Ready status", TIMEOUT, () -> {
            EventQueueStatus s = get(EventQueue.class, "ready").getStatus();
            return s != null && s.phase() == EventQueueStatus.Phase.Ready ? s : null;
        });
        EventQueue eq = get(EventQueue.class, "ready");
        assertThat(ready.ready()).isEqualTo("2/2");
        assertThat(ready.replicas()).isEqualTo(2);
        assertThat(ready.readyReplicas()).isEqualTo(2);
        assertThat(ready.endpoint()).isEqualTo("http://ready.ns.svc:8080");
        assertThat(ready.observedGeneration()).isEqualTo(eq.getMetadata().getGeneration());
        assertThat(condition(ready, "Ready")).satisfies(c -> {
            assertThat(c.status()).isEqualTo("True");
            assertThat(c.reason()).isEqualTo("AllPodsReady");
        });
        assertThat(condition(ready, "Progressing").status()).isEqualTo("False");
        assertThat(condition(ready, "Degraded").status()).isEqualTo("False");
        assertThat(condition(ready, "Degraded").lastTransitionTime())
                .as("Degraded never flipped, so its transition time stays")
                .isEqualTo(condition(progressing, "Degraded").lastTransitionTime());
        Await.untilAsserted("Ready event", TIMEOUT, () -> assertThat(events("ready"))
                .extracting(Event::getReason).contains("Ready"));
        // The operator's clock moves a second at every reading, so a status computed again from an out-of-date copy
        // of the EventQueue would show here as a second Degraded transition time, whatever the polls above saw.
        Await.until("the watch saw the Ready status", TIMEOUT, () -> history.statuses().contains(ready));
        history.close();
        assertThat(history.statuses()).as("every status the EventQueue went through")
                .extracting(s -> condition(s, "Degraded"))
                .allSatisfy(c -> assertThat(c.status()).isEqualTo("False"))
                .extracting(Condition::lastTransitionTime).containsOnly(condition(ready, "Degraded").lastTransitionTime());
        assertThat(history.statuses()).extracting(s -> condition(s, "Progressing"))
                .filteredOn(c -> c.status().equals("True"))
                .extracting(Condition::lastTransitionTime).as("Progressing stayed True from its first status on")
                .containsOnly(condition(progressing, "Progressing").lastTransitionTime());
    }

    @Test
    @Order(7)
    void aResyncOfAnUnchangedWorldWritesNothing() {
        int eventQueues = List.of("created", "changed", "rotated", "scaled", "drifted", "ready").size();
        Await.until("earlier EventQueues settled (two resync rounds without a write)", TIMEOUT, () -> {
            calls.mark();
            double before = completedReconciles();
            Await.until("two resync rounds", TIMEOUT, () -> completedReconciles() >= before + 2 * eventQueues);
            return calls.writesSinceMark().isEmpty();
        });
        calls.mark();
        double before = completedReconciles();

        // Resyncs are served from the informer caches: they send no request at all, so the proof that they ran is
        // the count of reconciles that completed, read from the operator's metrics.
        Await.until("three more resync rounds", TIMEOUT, () -> completedReconciles() >= before + 3 * eventQueues);

        assertThat(calls.writesSinceMark()).as("writes during resyncs of unchanged EventQueues").isEmpty();
    }

    @Test
    @Order(8)
    void missingAdminSecretMakesTheEventQueueDegradedUntilTheSecretExists() {
        create("byo", "auth: {adminSecretRef: {name: byo-admin}}");

        EventQueueStatus degraded = Await.until("Degraded status", TIMEOUT, () -> {
            EventQueueStatus s = get(EventQueue.class, "byo").getStatus();
            return s != null && s.phase() == EventQueueStatus.Phase.Degraded ? s : null;
        });
        assertThat(condition(degraded, "Degraded")).satisfies(c -> {
            assertThat(c.status()).isEqualTo("True");
            assertThat(c.reason()).isEqualTo("CredentialsMissing");
            assertThat(c.message()).contains("byo-admin", "does not exist", "admin-password");
        });
        assertThat(get(Deployment.class, "byo")).isNull();
        assertThat(get(Secret.class, "byo-credentials")).as("nothing generated for a user-managed secret").isNull();
        Await.untilAsserted("Warning event", TIMEOUT, () -> assertThat(events("byo"))
                .anySatisfy(e -> {
                    assertThat(e.getType()).isEqualTo("Warning");
                    assertThat(e.getReason()).isEqualTo("CredentialsMissing");
                }));

        client.resource(new SecretBuilder().withNewMetadata().withName("byo-admin").withNamespace(NS).endMetadata()
                .addToStringData("admin-user", "ops")
                .addToStringData("admin-password", "a-password-the-team-chose")
                .addToStringData("jwt-key", "k".repeat(40))
                .build()).create();

        Deployment deployment = await(Deployment.class, "byo");
        assertThat(deployment.getSpec().getTemplate().getSpec().getVolumes())
                .anySatisfy(v -> assertThat(v.getSecret() == null ? null : v.getSecret().getSecretName())
                        .isEqualTo("byo-admin"));
        Await.until("Degraded cleared", TIMEOUT,
                () -> get(EventQueue.class, "byo").getStatus().phase() != EventQueueStatus.Phase.Degraded);
    }

    @Test
    @Order(8)
    void aSchemaConfigMapThatIsMissingDegradesTheEventQueueAndItsContentRollsThePods() {
        create("typed", "eventTypes: [{type: com.example.order.created, schemaFrom: {name: order-schema, key: schema.json}}]");

        EventQueueStatus degraded = Await.until("Degraded status", TIMEOUT, () -> {
            EventQueueStatus s = get(EventQueue.class, "typed").getStatus();
            return s != null && s.phase() == EventQueueStatus.Phase.Degraded ? s : null;
        });
        assertThat(condition(degraded, "Degraded")).satisfies(c -> {
            assertThat(c.reason()).isEqualTo("EventTypesInvalid");
            assertThat(c.message()).contains("order-schema", "schema.json", "does not exist");
        });

        client.resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder().withNewMetadata().withName("order-schema")
                .withNamespace(NS).endMetadata()
                .addToData("schema.json", "{\"type\":\"object\",\"required\":[\"order\"]}").build()).create();
        Deployment deployment = await(Deployment.class, "typed");
        assertThat(get(ConfigMap.class, "typed-config").getData().get("config.yaml"))
                .contains("com.example.order.created", "required:", "- order");
        String hashBefore = hash(deployment);

        client.configMaps().inNamespace(NS).withName("order-schema").edit(c -> {
            c.getData().put("schema.json", "{\"type\":\"object\",\"required\":[\"order\",\"customer\"]}");
            return c;
        });
        Await.untilAsserted("the schema change rolled the pods", TIMEOUT,
                () -> assertThat(hash(get(Deployment.class, "typed"))).isNotEqualTo(hashBefore));
        assertThat(get(ConfigMap.class, "typed-config").getData().get("config.yaml")).contains("- customer");
    }

    @Test
    @Order(9)
    void deletingTheEventQueueLeavesItsObjectsToTheGarbageCollector() {
        create("deleted", "");
        Deployment deployment = await(Deployment.class, "deleted");
        await(Secret.class, "deleted-credentials");

        client.resources(EventQueue.class).inNamespace(NS).withName("deleted").delete();

        Await.until("EventQueue gone", TIMEOUT, () -> get(EventQueue.class, "deleted") == null);
        assertThat(deployment.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getName()).isEqualTo("deleted"));
    }

    @Test
    @Order(10)
    void reportsReconcileMetrics() {
        assertThat(reconciles()).isPositive();
        assertThat(registry.getMeters()).extracting(m -> m.getId().getName())
                .anyMatch(n -> n.startsWith("operator.sdk.reconciliations.success"))
                .anyMatch(n -> n.startsWith("operator.sdk.controllers.execution.reconcile"));
    }

    private static EventQueue create(String name, String spec) {
        EventQueue eq = Fixtures.eventQueue(spec);
        eq.getMetadata().setName(name);
        eq.getMetadata().setNamespace(NS);
        return client.resource(eq).create();
    }

    /** Replaces the spec as `kubectl` would, without racing the operator's status writes. */
    private static void replaceSpec(String name, String spec) {
        String json = client.getKubernetesSerialization().asJson(Fixtures.eventQueue(spec).getSpec());
        String patch = "[{\"op\":\"replace\",\"path\":\"/spec\",\"value\":" + json + "}]";
        client.resources(EventQueue.class).inNamespace(NS).withName(name).patch(PatchContext.of(PatchType.JSON), patch);
    }

    private static <T extends HasMetadata> T get(Class<T> type, String name) {
        return client.resources(type).inNamespace(NS).withName(name).get();
    }

    private static <T extends HasMetadata> T await(Class<T> type, String name) {
        return Await.until(type.getSimpleName() + " " + name, TIMEOUT, () -> get(type, name));
    }

    private static String hash(Deployment deployment) {
        return deployment.getSpec().getTemplate().getMetadata().getAnnotations().get(ConfigHash.ANNOTATION);
    }

    private static Map<String, String> decode(Secret secret) {
        return io.eventqueue.operator.render.SecretRenderer.decode(secret);
    }

    private static List<Event> events(String name) {
        return client.v1().events().inNamespace(NS).list().getItems().stream()
                .filter(e -> name.equals(e.getInvolvedObject().getName())).toList();
    }

    private static Condition condition(EventQueueStatus status, String type) {
        return status.conditions().stream().filter(c -> c.type().equals(type)).findFirst().orElseThrow();
    }

    private static void markReady(Deployment deployment, int replicas) {
        Deployment current = get(Deployment.class, deployment.getMetadata().getName());
        current.setStatus(new DeploymentStatusBuilder()
                .withObservedGeneration(current.getMetadata().getGeneration())
                .withReplicas(replicas).withUpdatedReplicas(replicas).withReadyReplicas(replicas)
                .withAvailableReplicas(replicas)
                .build());
        client.resource(current).updateStatus();
    }

    private static double reconciles() {
        return count("operator.sdk.reconciliations.started");
    }

    private static double completedReconciles() {
        return count("operator.sdk.reconciliations.success");
    }

    private static double count(String counter) {
        return registry.find(counter).counters().stream().mapToDouble(c -> c.count()).sum();
    }
}
