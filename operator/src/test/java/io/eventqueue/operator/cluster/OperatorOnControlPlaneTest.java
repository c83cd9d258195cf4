package io.eventqueue.operator.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventqueue.operator.EventQueueOperator;
import io.eventqueue.operator.Fixtures;
import io.eventqueue.operator.api.v1alpha1.Condition;
import io.eventqueue.operator.api.v1alpha1.EventQueue;
import io.eventqueue.operator.api.v1alpha1.EventQueueStatus;
import io.eventqueue.operator.api.v1alpha1.EventSubscription;
import io.eventqueue.operator.api.v1alpha1.EventSubscriptionSpec;
import io.eventqueue.operator.it.Eventually;
import io.eventqueue.operator.render.ConfigHash;
import io.eventqueue.operator.render.DeploymentRenderer;
import io.eventqueue.operator.render.SecretRenderer;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the operator does with the objects it owns, on the real control plane: one operator (the chart installed
 * namespaced, the operator as a process under its ServiceAccount) serves every test of the class, each test with
 * EventQueues of its own names in the class's namespace; a second watched namespace holds another team's objects.
 */
@ExtendWith(ControlPlaneExtension.class)
class OperatorOnControlPlaneTest {
    static final Duration TIMEOUT = Duration.ofSeconds(90);

    static TestCluster cluster;
    static KubernetesClient client;
    static String ns;
    static String tenant;
    static ChartedOperator chart;
    static OperatorProcess operator;

    @BeforeAll
    static void startOperator(TestCluster classCluster) {
        cluster = classCluster;
        client = cluster.admin();
        ns = cluster.namespace();
        tenant = cluster.createNamespace("tenant");
        chart = ChartedOperator.install(cluster, List.of(ns, tenant));
        operator = chart.start("local-0", Map.of("EVENTQUEUE_OPERATOR_RESYNC_INTERVAL", "5s"));
    }

    @AfterAll
    static void stopOperator() {
        if (operator != null) {
            operator.close();
            assertThat(operator.log()).as("operator log").doesNotContain(ChartedOperator.REFUSED);
        }
    }

    @Test
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
                .isEqualTo(ChartedOperator.IMAGE);
        Map<String, String> credentials = SecretRenderer.decode(get(Secret.class, "created-credentials"));
        assertThat(credentials.get("admin-password")).hasSizeGreaterThanOrEqualTo(32);
        assertThat(hash(deployment)).isEqualTo(ConfigHash.of(config("created"), credentials));
        Eventually.untilAsserted("Created events", TIMEOUT, () -> assertThat(events("created"))
                .extracting(Event::getReason).contains("Created"));
        assertThat(get(EventQueue.class, "created").getMetadata().getFinalizers())
                .as("deletion relies on owner references, no finalizer").isEmpty();
    }

    @Test
    void specChangeWritesWhatChangedAndRollsThePods() {
        create("changed", "replicas: 2");
        Deployment before = await(Deployment.class, "changed");
        await(PodDisruptionBudget.class, "changed");
        Secret secretBefore = await(Secret.class, "changed-credentials");
        String serviceVersionBefore = await(Service.class, "changed").getMetadata().getResourceVersion();
        String hashBefore = hash(before);

        replaceSpec("changed", "{replicas: 1, queue: {capacity: 777}}");

        Eventually.untilAsserted("ConfigMap and Deployment updated", TIMEOUT, () -> {
            assertThat(config("changed")).contains("capacity: 777");
            Deployment after = get(Deployment.class, "changed");
            assertThat(after.getSpec().getReplicas()).isEqualTo(1);
            assertThat(hash(after)).isNotEqualTo(hashBefore);
        });
        Eventually.until("PodDisruptionBudget removed at one replica", TIMEOUT,
                () -> get(PodDisruptionBudget.class, "changed") == null);
        assertThat(get(Secret.class, "changed-credentials").getData())
                .as("generated credentials are never regenerated").isEqualTo(secretBefore.getData());
        assertThat(get(Service.class, "changed").getMetadata().getResourceVersion())
                .as("unchanged objects are not written").isEqualTo(serviceVersionBefore);
        Eventually.untilAsserted("Updated events", TIMEOUT, () -> assertThat(events("changed"))
                .extracting(Event::getReason).contains("Updated"));
    }

    @Test
    void generatedCredentialsAreNeverOverwrittenAndTheirRotationRollsThePods() {
        create("rotated", "replicas: 1");
        String hashBefore = hash(await(Deployment.class, "rotated"));
        Secret secret = await(Secret.class, "rotated-credentials");
        client.resource(new SecretBuilder(secret).addToData("admin-password",
                Base64.getEncoder().encodeToString("rotated-by-the-user-0123456789".getBytes())).build()).update();

        replaceSpec("rotated", "{replicas: 1, queue: {capacity: 11}}");

        Eventually.untilAsserted("pods roll for the new password", TIMEOUT,
                () -> assertThat(hash(get(Deployment.class, "rotated"))).isNotEqualTo(hashBefore));
        assertThat(SecretRenderer.decode(get(Secret.class, "rotated-credentials")).get("admin-password"))
                .isEqualTo("rotated-by-the-user-0123456789");
    }

    @Test
    void autoscalingCreatesAnAutoscalerAndTurningItOffGivesTheCountBackToTheSpec() {
        create("scaled", "autoscaling: {minReplicas: 2, maxReplicas: 5}");

        HorizontalPodAutoscaler hpa = await(HorizontalPodAutoscaler.class, "scaled");
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(5);
        String hashBefore = hash(await(Deployment.class, "scaled"));

        replaceSpec("scaled", "autoscaling: {minReplicas: 2, maxReplicas: 8}");

        Eventually.untilAsserted("autoscaler and config updated", TIMEOUT, () -> {
            assertThat(get(HorizontalPodAutoscaler.class, "scaled").getSpec().getMaxReplicas()).isEqualTo(8);
            assertThat(hash(get(Deployment.class, "scaled"))).as("rate limits are divided by maxReplicas")
                    .isNotEqualTo(hashBefore);
        });

        replaceSpec("scaled", "replicas: 1");

        Eventually.until("autoscaler removed", TIMEOUT, () -> get(HorizontalPodAutoscaler.class, "scaled") == null);
        Eventually.untilAsserted("replicas back in the Deployment", TIMEOUT,
                () -> assertThat(get(Deployment.class, "scaled").getSpec().getReplicas()).isEqualTo(1));
    }

    @Test
    void objectsChangedBehindTheOperatorsBackAreRestoredAndOnesTurnedOffRemoved() {
        create("drifted", "replicas: 3");
        await(Service.class, "drifted");
        await(ServiceAccount.class, "drifted");
        await(NetworkPolicy.class, "drifted");
        await(PodDisruptionBudget.class, "drifted");

        var httpOnly = get(Service.class, "drifted").getSpec().getPorts().stream()
                .filter(p -> !p.getName().equals("management")).toList();
        mergePatch(Service.class, "drifted", "{\"spec\":{\"ports\":" + client.getKubernetesSerialization()
                .asJson(httpOnly) + "}}");
        mergePatch(ServiceAccount.class, "drifted", "{\"automountServiceAccountToken\":true}");
        mergePatch(NetworkPolicy.class, "drifted", "{\"spec\":{\"ingress\":[]}}");
        mergePatch(PodDisruptionBudget.class, "drifted", "{\"spec\":{\"maxUnavailable\":3}}");

        Eventually.untilAsserted("drift corrected", TIMEOUT, () -> {
            assertThat(get(Service.class, "drifted").getSpec().getPorts()).hasSize(2);
            assertThat(get(ServiceAccount.class, "drifted").getAutomountServiceAccountToken()).isFalse();
            assertThat(get(NetworkPolicy.class, "drifted").getSpec().getIngress()).hasSize(2);
            assertThat(get(PodDisruptionBudget.class, "drifted").getSpec().getMaxUnavailable().getIntVal())
                    .isEqualTo(1);
        });

        replaceSpec("drifted", "{replicas: 3, network: {policyEnabled: false}}");

        Eventually.until("NetworkPolicy removed when turned off", TIMEOUT, () -> get(NetworkPolicy.class, "drifted") == null);
    }

    @Test
    void readyPodsMakeTheEventQueueReadyAndConditionsKeepTheirTransitionTimes() {
        StatusHistory history = new StatusHistory(client, ns, "ready");
        create("ready", "replicas: 2");

        EventQueueStatus ready = Eventually.until("Ready status", TIMEOUT, () -> {
            EventQueueStatus s = get(EventQueue.class, "ready").getStatus();
            return s != null && s.phase() == EventQueueStatus.Phase.Ready ? s : null;
        });
        EventQueue eq = get(EventQueue.class, "ready");
        assertThat(ready.ready()).isEqualTo("2/2");
        assertThat(ready.replicas()).isEqualTo(2);
        assertThat(ready.readyReplicas()).isEqualTo(2);
        assertThat(ready.endpoint()).isEqualTo("http://ready." + ns + ".svc:8080");
        assertThat(ready.observedGeneration()).isEqualTo(eq.getMetadata().getGeneration());
        assertThat(condition(ready, "Ready")).satisfies(c -> {
            assertThat(c.status()).isEqualTo("True");
            assertThat(c.reason()).isEqualTo("AllPodsReady");
        });
        assertThat(condition(ready, "Progressing").status()).isEqualTo("False");
        assertThat(condition(ready, "Degraded").status()).isEqualTo("False");
        Eventually.untilAsserted("Ready event", TIMEOUT, () -> assertThat(events("ready"))
                .extracting(Event::getReason).contains("Ready"));
        Eventually.until("the watch saw the Ready status", TIMEOUT, () -> history.statuses().contains(ready));
        history.close();
        assertThat(history.statuses()).as("every status the EventQueue went through")
                .anySatisfy(s -> assertThat(s.phase()).isEqualTo(EventQueueStatus.Phase.Progressing))
                .extracting(s -> condition(s, "Degraded"))
                .allSatisfy(c -> assertThat(c.status()).isEqualTo("False"))
                .extracting(Condition::lastTransitionTime).containsOnly(condition(ready, "Degraded").lastTransitionTime());
    }

    @Test
    void aSchemaConfigMapThatIsMissingDegradesTheEventQueueAndItsContentRollsThePods() {
        create("typed", "eventTypes: [{type: com.example.order.created, schemaFrom: {name: order-schema, key: schema.json}}]");

        EventQueueStatus degraded = Eventually.until("Degraded status", TIMEOUT, () -> {
            EventQueueStatus s = get(EventQueue.class, "typed").getStatus();
            return s != null && s.phase() == EventQueueStatus.Phase.Degraded ? s : null;
        });
        assertThat(condition(degraded, "Degraded")).satisfies(c -> {
            assertThat(c.reason()).isEqualTo("EventTypesInvalid");
            assertThat(c.message()).contains("order-schema", "schema.json", "does not exist");
        });

        client.resource(new ConfigMapBuilder().withNewMetadata().withName("order-schema").withNamespace(ns).endMetadata()
                .addToData("schema.json", "{\"type\":\"object\",\"required\":[\"order\"]}").build()).create();
        Deployment deployment = await(Deployment.class, "typed");
        assertThat(config("typed")).contains("com.example.order.created", "required:", "- order");
        String hashBefore = hash(deployment);

        client.configMaps().inNamespace(ns).withName("order-schema").edit(c -> {
            c.getData().put("schema.json", "{\"type\":\"object\",\"required\":[\"order\",\"customer\"]}");
            return c;
        });
        Eventually.untilAsserted("the schema change rolled the pods", TIMEOUT,
                () -> assertThat(hash(get(Deployment.class, "typed"))).isNotEqualTo(hashBefore));
        assertThat(config("typed")).contains("- customer");
    }

    @Test
    void reportsReconcileMetrics() {
        create("metered", "replicas: 1");
        await(Deployment.class, "metered");

        Eventually.untilAsserted("reconcile metrics", TIMEOUT, () -> {
            assertThat(operator.counter("operator_sdk_reconciliations_started_total")).isPositive();
            assertThat(operator.metrics()).contains("operator_sdk_reconciliations_success_total",
                    "operator_sdk_controllers_execution_reconcile", "jvm_memory_used_bytes");
        });
    }

    @Test
    void aSubscriptionIsFoldedIntoTheConfigAndEachChangeRollsThePods() {
        create("subs", "replicas: 1");
        String hash0 = hash(await(Deployment.class, "subs"));
        client.resource(new ServiceBuilder().withNewMetadata().withName("receiver").withNamespace(ns).endMetadata()
                .withNewSpec().addNewPort().withPort(80).withTargetPort(new IntOrString(8080)).endPort().endSpec()
                .build()).create();

        subscribe(ns, "orders", """
                eventQueueRef: {name: subs}
                filter: {prefix: {type: com.example.order.}}
                subscriber: {ref: {name: receiver, port: 80, path: /events}}
                delivery: {maxAttempts: 5}
                """);

        Eventually.untilAsserted("folded into the config", TIMEOUT, () -> assertThat(config("subs"))
                .contains("name: " + ns + "-orders", "url: http://receiver." + ns + ".svc:80/events", "origin: tenant",
                        "type: com.example.order.", "max-attempts: 5"));
        String hash1 = Eventually.until("the pods roll", TIMEOUT, () -> {
            String h = hash(get(Deployment.class, "subs"));
            return h.equals(hash0) ? null : h;
        });
        Eventually.untilAsserted("Ready", TIMEOUT, () -> {
            EventSubscription s = client.resources(EventSubscription.class).inNamespace(ns).withName("orders").get();
            assertThat(s.getStatus()).isNotNull();
            assertThat(s.getStatus().subscriberUri()).isEqualTo("http://receiver." + ns + ".svc:80/events");
            assertThat(s.getStatus().conditions()).singleElement().satisfies(c -> {
                assertThat(c.status()).isEqualTo("True");
                assertThat(c.reason()).isEqualTo("Folded");
            });
        });

        mergePatch(EventSubscription.class, "orders", "{\"spec\":{\"filter\":{\"prefix\":null,"
                + "\"cesql\":\"type LIKE 'com.example.audit.%'\"},\"delivery\":null}}");
        Eventually.untilAsserted("the new filter in the config", TIMEOUT, () -> assertThat(config("subs"))
                .contains("cesql: type LIKE 'com.example.audit.%'").doesNotContain("com.example.order."));
        String hash2 = Eventually.until("the pods roll again", TIMEOUT, () -> {
            String h = hash(get(Deployment.class, "subs"));
            return h.equals(hash1) ? null : h;
        });

        client.resources(EventSubscription.class).inNamespace(ns).withName("orders").delete();
        Eventually.untilAsserted("out of the config", TIMEOUT, () -> assertThat(config("subs")).doesNotContain(ns + "-orders"));
        Eventually.until("the pods roll once more", TIMEOUT, () -> hash(get(Deployment.class, "subs")).equals(hash2) ? null : true);
    }

    @Test
    void aSubscriptionFromAnotherNamespaceIsRefusedUntilTheQueueAllowsIt() {
        create("shared", "replicas: 1");
        await(ConfigMap.class, "shared-config");
        subscribe(tenant, "spy", """
                eventQueueRef: {name: shared, namespace: %s}
                subscriber: {uri: "http://collector.%s.svc/in"}
                """.formatted(ns, tenant));

        Eventually.untilAsserted("refused in its status", TIMEOUT, () -> assertThat(readyOf(tenant, "spy"))
                .satisfies(c -> {
                    assertThat(c.status()).isEqualTo("False");
                    assertThat(c.reason()).isEqualTo("NamespaceNotAllowed");
                    assertThat(c.message()).contains("spec.subscriptions.allowedNamespaces");
                }));
        assertThat(config("shared")).as("its events never leave for it").doesNotContain(tenant + "-spy", "collector");

        replaceSpec("shared", "replicas: 1\nsubscriptions: {allowedNamespaces: [" + tenant + "]}");
        Eventually.untilAsserted("folded once allowed", TIMEOUT, () -> assertThat(config("shared"))
                .contains("name: " + tenant + "-spy", "url: http://collector." + tenant + ".svc/in"));
        Eventually.untilAsserted("Ready once allowed", TIMEOUT, () -> assertThat(readyOf(tenant, "spy").status())
                .isEqualTo("True"));
    }

    @Test
    void theStatusSaysWhyASubscriptionIsNotReady() {
        create("checked", "replicas: 1");
        await(ConfigMap.class, "checked-config");
        subscribe(ns, "bad-filter", """
                eventQueueRef: {name: checked}
                filter: {cesql: "type LIKE"}
                subscriber: {uri: "http://example.com/in"}
                """);
        subscribe(ns, "no-service", """
                eventQueueRef: {name: checked}
                subscriber: {ref: {name: missing, port: 80}}
                """);
        subscribe(ns, "no-queue", """
                eventQueueRef: {name: nowhere}
                subscriber: {uri: "http://example.com/in"}
                """);

        Eventually.untilAsserted("FilterInvalid", TIMEOUT, () -> assertThat(readyOf(ns, "bad-filter").reason())
                .isEqualTo("FilterInvalid"));
        Eventually.untilAsserted("SubscriberServiceMissing", TIMEOUT, () -> assertThat(readyOf(ns, "no-service").reason())
                .isEqualTo("SubscriberServiceMissing"));
        Eventually.untilAsserted("EventQueueMissing", TIMEOUT, () -> assertThat(readyOf(ns, "no-queue").reason())
                .isEqualTo("EventQueueMissing"));
        assertThat(config("checked")).doesNotContain("subscriptions:");
    }

    @Test
    void annotationsAndLabelsAPersonAddsToAnOwnedDeploymentSurviveTheNextReconcile() {
        create("annotated", "replicas: 1");
        String hashBefore = hash(await(Deployment.class, "annotated"));
        cluster.kubectl("annotate", "deployment", "annotated", "team.example.com/owner=payments").require();
        cluster.kubectl("label", "deployment", "annotated", "cost-center=42").require();
        cluster.kubectl("annotate", "service", "annotated", "team.example.com/owner=payments").require();

        replaceSpec("annotated", "{replicas: 1, queue: {capacity: 4242}}");

        Deployment after = Eventually.until("the operator applied the new Deployment", TIMEOUT, () -> {
            Deployment d = get(Deployment.class, "annotated");
            return hash(d).equals(hashBefore) ? null : d;
        });
        assertThat(after.getMetadata().getAnnotations()).containsEntry("team.example.com/owner", "payments");
        assertThat(after.getMetadata().getLabels()).containsEntry("cost-center", "42")
                .containsEntry("app.kubernetes.io/managed-by", "eventqueue-operator");
        assertThat(get(Service.class, "annotated").getMetadata().getAnnotations())
                .containsEntry("team.example.com/owner", "payments");
        assertThat(after.getMetadata().getManagedFields()).as("who wrote what")
                .anySatisfy(f -> {
                    assertThat(f.getManager()).isEqualTo(EventQueueOperator.FIELD_MANAGER);
                    assertThat(f.getOperation()).isEqualTo("Apply");
                })
                .noneSatisfy(f -> {
                    assertThat(f.getManager()).isEqualTo(EventQueueOperator.FIELD_MANAGER);
                    assertThat(f.getOperation()).isEqualTo("Update");
                });
    }

    @Test
    void aFieldTheOperatorOwnsThatAPersonChangesIsRestored() {
        create("restored", "replicas: 1");
        await(Deployment.class, "restored");
        IntOrString targetPort = await(Service.class, "restored").getSpec().getPorts().getFirst().getTargetPort();

        cluster.kubectl("set", "image", "deployment/restored", DeploymentRenderer.CONTAINER + "=registry.test/other:6.6.6")
                .require();
        cluster.kubectl("patch", "service", "restored", "--type=json", "-p",
                "[{\"op\":\"replace\",\"path\":\"/spec/ports/0/targetPort\",\"value\":1234}]").require();

        Eventually.untilAsserted("image and target port restored", TIMEOUT, () -> {
            assertThat(get(Deployment.class, "restored").getSpec().getTemplate().getSpec().getContainers().getFirst()
                    .getImage()).isEqualTo(ChartedOperator.IMAGE);
            assertThat(get(Service.class, "restored").getSpec().getPorts().getFirst().getTargetPort())
                    .isEqualTo(targetPort);
        });
    }

    @Test
    void aServicePortAPersonRenumbersIsTheirsAndTheRefusedApplyIsReportedInTheStatus() {
        create("renumbered", "replicas: 1");
        await(Service.class, "renumbered");

        cluster.kubectl("patch", "service", "renumbered", "--type=json", "-p",
                "[{\"op\":\"replace\",\"path\":\"/spec/ports/0/port\",\"value\":1234}]").require();
        // The next apply is refused: the person's port 1234 and the operator's 8080 would both be named http.
        replaceSpec("renumbered", "{replicas: 1, queue: {capacity: 99}}");

        EventQueueStatus failed = Eventually.until("Failed naming the duplicate port", TIMEOUT, () -> {
            EventQueueStatus s = get(EventQueue.class, "renumbered").getStatus();
            return s != null && s.phase() == EventQueueStatus.Phase.Failed ? s : null;
        });
        assertThat(condition(failed, "Degraded").message()).contains("Duplicate value", "http");

        cluster.kubectl("patch", "service", "renumbered", "--type=json", "-p",
                "[{\"op\":\"remove\",\"path\":\"/spec/ports/0\"}]").require();
        Eventually.untilAsserted("the operator's ports back once the person's is removed", TIMEOUT, () -> {
            assertThat(get(Service.class, "renumbered").getSpec().getPorts()).extracting(p -> p.getPort())
                    .containsExactlyInAnyOrder(8080, 9090);
            assertThat(get(EventQueue.class, "renumbered").getStatus().phase()).isNotEqualTo(EventQueueStatus.Phase.Failed);
        });
    }

    @Test
    void theStatusIsAppliedOnTheStatusSubresourceAndAConcurrentStatusWriterCausesNoConflicts() {
        create("contended", "replicas: 1");
        Eventually.until("Ready", TIMEOUT, () -> {
            EventQueueStatus s = get(EventQueue.class, "contended").getStatus();
            return s != null && s.phase() == EventQueueStatus.Phase.Ready;
        });
        Instant start = Instant.now();

        // Another writer of the status, interleaved with spec changes that make the operator write it too.
        for (int i = 0; i < 5; i++) {
            client.resources(EventQueue.class).inNamespace(ns).withName("contended").subresource("status")
                    .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":{\"phase\":\"Failed\",\"ready\":\"9/9\"}}");
            replaceSpec("contended", "{replicas: 1, queue: {capacity: " + (1000 + i) + "}}");
        }

        Eventually.until("the operator's status back, for the last generation", TIMEOUT, () -> {
            EventQueue eq = get(EventQueue.class, "contended");
            EventQueueStatus s = eq.getStatus();
            return s.phase() == EventQueueStatus.Phase.Ready && s.ready().equals("1/1")
                    && s.observedGeneration().equals(eq.getMetadata().getGeneration());
        });
        AuditLog.awaitFlushed(cluster);
        List<AuditLog.Call> statusWrites = AuditLog.calls(cluster.controlPlane().auditLog(), chart.user()).stream()
                .filter(c -> c.isWrite() && !c.time().isBefore(start) && c.name().equals("contended")
                        && c.resource().equals("eventqueues.eventqueue.io/status"))
                .toList();
        assertThat(statusWrites).as("the operator's status writes").isNotEmpty()
                .allSatisfy(c -> assertThat(c.verb()).isEqualTo("patch"))
                .noneSatisfy(c -> assertThat(c.code()).isEqualTo(409));
        assertThat(get(EventQueue.class, "contended").getMetadata().getManagedFields())
                .anySatisfy(f -> {
                    assertThat(f.getManager()).isEqualTo(EventQueueOperator.FIELD_MANAGER);
                    assertThat(f.getOperation()).isEqualTo("Apply");
                    assertThat(f.getSubresource()).isEqualTo("status");
                });
    }

    private static EventSubscriptionSpec subscriptionSpec(String yaml) {
        return client.getKubernetesSerialization().unmarshal(yaml, EventSubscriptionSpec.class);
    }

    private static void subscribe(String namespace, String name, String specYaml) {
        EventSubscription s = new EventSubscription();
        s.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        s.setSpec(subscriptionSpec(specYaml));
        client.resource(s).create();
    }

    private static Condition readyOf(String namespace, String name) {
        EventSubscription s = client.resources(EventSubscription.class).inNamespace(namespace).withName(name).get();
        assertThat(s.getStatus()).as("status of " + name).isNotNull();
        return s.getStatus().conditions().stream().filter(c -> c.type().equals("Ready")).findFirst().orElseThrow();
    }

    static String config(String queue) {
        return get(ConfigMap.class, queue + "-config").getData().get("config.yaml");
    }

    static EventQueue create(String name, String spec) {
        EventQueue eq = Fixtures.eventQueue(spec);
        eq.getMetadata().setName(name);
        eq.getMetadata().setNamespace(ns);
        return client.resource(eq).create();
    }

    /** Replaces the spec as `kubectl` would, without racing the operator's status writes. */
    static void replaceSpec(String name, String spec) {
        String json = client.getKubernetesSerialization().asJson(Fixtures.eventQueue(spec).getSpec());
        String patch = "[{\"op\":\"replace\",\"path\":\"/spec\",\"value\":" + json + "}]";
        client.resources(EventQueue.class).inNamespace(ns).withName(name).patch(PatchContext.of(PatchType.JSON), patch);
    }

    static <T extends HasMetadata> T get(Class<T> type, String name) {
        return client.resources(type).inNamespace(ns).withName(name).get();
    }

    /** A change a person makes (`kubectl patch --type=merge`: no resourceVersion, so no race with controllers). */
    static <T extends HasMetadata> void mergePatch(Class<T> type, String name, String patch) {
        client.resources(type).inNamespace(ns).withName(name).patch(PatchContext.of(PatchType.JSON_MERGE), patch);
    }

    static <T extends HasMetadata> T await(Class<T> type, String name) {
        return Eventually.until(type.getSimpleName() + " " + name, TIMEOUT, () -> get(type, name));
    }

    static String hash(Deployment deployment) {
        return deployment.getSpec().getTemplate().getMetadata().getAnnotations().get(ConfigHash.ANNOTATION);
    }

    private static List<Event> events(String name) {
        return client.v1().events().inNamespace(ns).list().getItems().stream()
                .filter(e -> name.equals(e.getInvolvedObject().getName())).toList();
    }

    static Condition condition(EventQueueStatus status, String type) {
        return status.conditions().stream().filter(c -> c.type().equals(type)).findFirst().orElseThrow();
    }
}
