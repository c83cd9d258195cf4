package io.eventqueue.operator.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventqueue.operator.Fixtures;
import io.eventqueue.operator.api.v1alpha1.EventQueue;
import io.eventqueue.operator.api.v1alpha1.EventSubscription;
import io.eventqueue.operator.api.v1alpha1.EventSubscriptionSpec;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** EventSubscriptions as the renderers fold them: the decision, the config entries, the NetworkPolicy egress. */
class SubscriptionRenderingTest {
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private static EventSubscription subscription(String namespace, String name, String specYaml) {
        EventSubscription s = new EventSubscription();
        s.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        s.setSpec(SERIALIZATION.unmarshal(specYaml, EventSubscriptionSpec.class));
        return s;
    }

    private static EventQueue queue(String spec) {
        EventQueue q = Fixtures.eventQueue(spec);
        q.getMetadata().setName("q");
        q.getMetadata().setNamespace("shop");
        return q;
    }

    private static Service service(String namespace) {
        return new ServiceBuilder().withNewMetadata().withName("receiver").withNamespace(namespace).endMetadata()
                .withNewSpec().addNewPort().withPort(80).withTargetPort(new IntOrString("http")).endPort().endSpec()
                .build();
    }

    @Test
    void aServiceSubscriberInAnAllowedNamespaceGetsAnEgressRuleToItsPodsPort() {
        EventQueue q = queue("network: {egress: {allowDns: true}}\nsubscriptions: {allowedNamespaces: [team-b]}");
        EventSubscription s = subscription("team-b", "orders", """
                eventQueueRef: {name: q, namespace: shop}
                subscriber: {ref: {name: receiver, port: 80}}
                """);

        SubscriptionVerdict verdict = SubscriptionVerdict.of(s, Optional.of(q), Optional.of(service("team-b")));

        assertThat(verdict).isInstanceOfSatisfying(SubscriptionVerdict.Folded.class,
                f -> assertThat(f.uri()).isEqualTo("http://receiver.team-b.svc:80/"));
        Instance instance = Instance.of(q, Fixtures.IMAGE, Map.of(),
                List.of(new SubscriptionRenderer.FoldedSubscription(s, (SubscriptionVerdict.Folded) verdict)));
        NetworkPolicy policy = NetworkPolicyRenderer.render(instance).orElseThrow();
        NetworkPolicyEgressRule rule = policy.getSpec().getEgress().getLast();
        assertThat(rule.getTo()).singleElement().satisfies(peer -> assertThat(peer.getNamespaceSelector()
                .getMatchLabels()).containsEntry("kubernetes.io/metadata.name", "team-b"));
        assertThat(rule.getPorts()).singleElement().satisfies(p -> assertThat(p.getPort()).isEqualTo(new IntOrString("http")));
        assertThat(RuntimeConfigRenderer.render(instance)).contains("name: team-b-orders", "origin: tenant",
                "url: http://receiver.team-b.svc:80/");
    }

    @Test
    void aSubscriptionFromANamespaceTheQueueDoesNotListIsRefused() {
        EventSubscription s = subscription("intruder", "spy", """
                eventQueueRef: {name: q, namespace: shop}
                subscriber: {uri: "http://collector.intruder.svc/"}
                """);

        assertThat(SubscriptionVerdict.of(s, Optional.of(queue("replicas: 1")), Optional.empty()))
                .isInstanceOfSatisfying(SubscriptionVerdict.Refused.class,
                        r -> assertThat(r.reason()).isEqualTo("NamespaceNotAllowed"));
    }

    @Test
    void filtersAndTransformsTheRuntimeWouldRefuseAreRefusedHere() {
        for (String bad : List.of("filter: {cesql: \"type LIKE\"}", "filter: {regex: {type: x}}",
                "filter: {not: {not: {not: {not: {not: {exact: {type: x}}}}}}}", "transform: {set: {id: x}}",
                "transform: {data: [{op: frobnicate, path: /a}]}")) {
            EventSubscription s = subscription("shop", "bad", "eventQueueRef: {name: q}\n"
                    + "subscriber: {uri: \"http://x.example/\"}\n" + bad);
            assertThat(SubscriptionVerdict.of(s, Optional.of(queue("replicas: 1")), Optional.empty())).as(bad)
                    .isInstanceOf(SubscriptionVerdict.Refused.class);
        }
    }

    @Test
    void aLongNameStaysARuntimeNameAndUnique() {
        String a = SubscriptionRenderer.runtimeName("n".repeat(40), "s".repeat(40) + "a");
        String b = SubscriptionRenderer.runtimeName("n".repeat(40), "s".repeat(40) + "b");
        assertThat(a).hasSizeLessThanOrEqualTo(63).matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?").isNotEqualTo(b);
        assertThat(SubscriptionRenderer.runtimeName("ns", "my.sub")).isEqualTo("ns-my-sub");
    }
}
