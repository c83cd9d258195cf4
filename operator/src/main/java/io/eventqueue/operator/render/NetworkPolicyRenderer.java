package io.eventqueue.operator.render;

import io.eventqueue.operator.api.v1alpha1.EgressSpec;
import io.eventqueue.operator.api.v1alpha1.NetworkPeer;
import io.eventqueue.operator.api.v1alpha1.NetworkSpec;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Ingress to the API port from allowed callers only and to the management port from allowed scrapers only;
 * optionally egress limited to DNS and the given rules.
 */
public final class NetworkPolicyRenderer {
    /** Label every namespace carries (Kubernetes ≥ 1.21), used for the default scraper namespace. */
    static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";
    static final String DEFAULT_MONITORING_NAMESPACE = "monitoring";

    private NetworkPolicyRenderer() {
    }

    public static Optional<NetworkPolicy> render(Instance instance) {
        NetworkSpec network = instance.spec().network();
        if (!network.policyEnabled()) {
            return Optional.empty();
        }
        List<String> policyTypes = new ArrayList<>(List.of("Ingress"));
        List<NetworkPolicyEgressRule> egress = List.of();
        if (network.egress() != null) {
            policyTypes.add("Egress");
            egress = new ArrayList<>(egress(network.egress(), instance));
            egress.addAll(subscriberEgress(instance));
        }
        List<NetworkPeer> apiFrom = network.apiFrom().isEmpty()
                ? List.of(new NetworkPeer(null, new LabelSelector()))
                : network.apiFrom();
        List<NetworkPeer> metricsFrom = network.metricsFrom().isEmpty()
                ? List.of(new NetworkPeer(new LabelSelectorBuilder()
                        .addToMatchLabels(NAMESPACE_NAME_LABEL, DEFAULT_MONITORING_NAMESPACE).build(), null))
                : network.metricsFrom();
        return Optional.of(new NetworkPolicyBuilder()
                .withMetadata(Metadata.of(instance, Names.workload(instance.name())))
                .withNewSpec()
                .withNewPodSelector().withMatchLabels(Labels.selector(instance.name())).endPodSelector()
                .withPolicyTypes(policyTypes)
                .withIngress(
                        ingress(RuntimeLayout.HTTP_PORT_NAME, apiFrom),
                        ingress(RuntimeLayout.MANAGEMENT_PORT_NAME, metricsFrom))
                .withEgress(egress)
                .endSpec()
                .build());
    }

    /**
     * With egress restricted, each Service subscriber of a folded EventSubscription may be reached: its namespace, the
     * port its pods listen on. A URL subscriber needs a rule in spec.network.egress.rules (a host name has no peer).
     */
    private static List<NetworkPolicyEgressRule> subscriberEgress(Instance instance) {
        List<NetworkPolicyEgressRule> rules = new ArrayList<>();
        for (SubscriptionRenderer.FoldedSubscription s : instance.subscriptions()) {
            if (s.verdict().podPort() == null) {
                continue;
            }
            rules.add(new NetworkPolicyEgressRuleBuilder()
                    .addNewTo().withNamespaceSelector(new LabelSelectorBuilder()
                            .addToMatchLabels(NAMESPACE_NAME_LABEL, s.resource().getMetadata().getNamespace()).build())
                    .endTo()
                    .addNewPort().withProtocol("TCP").withPort(s.verdict().podPort()).endPort()
                    .build());
        }
        return rules;
    }

    private static NetworkPolicyIngressRule ingress(String port, List<NetworkPeer> from) {
        return new NetworkPolicyIngressRuleBuilder()
                .withPorts(new NetworkPolicyPortBuilder().withProtocol("TCP").withPort(new IntOrString(port)).build())
                .withFrom(from.stream().map(NetworkPolicyRenderer::peer).toList())
                .build();
    }

    private static NetworkPolicyPeer peer(NetworkPeer peer) {
        return new NetworkPolicyPeerBuilder()
                .withNamespaceSelector(peer.namespaceSelector())
                .withPodSelector(peer.podSelector())
                .build();
    }

    private static List<NetworkPolicyEgressRule> egress(EgressSpec egress, Instance instance) {
        List<NetworkPolicyEgressRule> rules = new ArrayList<>();
        if (egress.allowDns()) {
            rules.add(new NetworkPolicyEgressRuleBuilder()
                    .withPorts(
                            new NetworkPolicyPortBuilder().withProtocol("UDP").withPort(new IntOrString(53)).build(),
                            new NetworkPolicyPortBuilder().withProtocol("TCP").withPort(new IntOrString(53)).build())
                    .build());
        }
        if (instance.kafka()) {
            // The brokers' ports to any destination: their addresses come from cluster metadata, not only the bootstrap list.
            rules.add(new NetworkPolicyEgressRuleBuilder()
                    .withPorts(instance.spec().kafka().ports().stream()
                            .map(p -> new NetworkPolicyPortBuilder().withProtocol("TCP").withPort(new IntOrString(p)).build())
                            .toList())
                    .build());
        }
        rules.addAll(egress.rules());
        return rules;
    }
}
