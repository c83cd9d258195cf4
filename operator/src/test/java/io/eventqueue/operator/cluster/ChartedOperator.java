package io.eventqueue.operator.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.eventqueue.operator.it.Eventually;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The operator the way a cluster runs it: the chart installed with helm into the test's namespace, and the operator as
 * a local process holding a TokenRequest token of the chart's ServiceAccount, so RBAC decides every call it makes.
 */
record ChartedOperator(TestCluster cluster, String fullname, Set<String> grants, List<String> watched) {
    private static final YAMLMapper YAML = new YAMLMapper();
    static final String IMAGE = "registry.test/eventqueue-runtime:1.2.3";
    /** How a refused call shows in the operator's log (fabric8's exception text). */
    static final String[] REFUSED = {"code=403", "Forbidden", "forbidden"};

    /** helm install of the chart; {@code watched} empty is the cluster-wide mode. */
    static ChartedOperator install(TestCluster cluster, List<String> watched) {
        String fullname = cluster.namespace() + "-op";
        List<String> values = new ArrayList<>(List.of("--namespace", cluster.namespace(),
                "--set", "fullnameOverride=" + fullname, "--set", "replicaCount=1"));
        if (!watched.isEmpty()) {
            values.addAll(List.of("--set", "watch.namespaces={" + String.join(",", watched) + "}"));
        }
        List<String> install = new ArrayList<>(List.of("install", fullname, TestCluster.CHART.toString()));
        install.addAll(values);
        assertThat(cluster.helm(install.toArray(String[]::new)).require().stdout()).contains("STATUS: deployed");
        List<String> template = new ArrayList<>(List.of("template", fullname, TestCluster.CHART.toString()));
        template.addAll(values);
        return new ChartedOperator(cluster, fullname, grants(cluster.helm(template.toArray(String[]::new)).require()
                .stdout()), List.copyOf(watched));
    }

    String user() {
        return "system:serviceaccount:" + cluster.namespace() + ":" + fullname;
    }

    /** One operator replica (leader election on, the chart's Lease), with extra settings for this test. */
    OperatorProcess start(String identity, Map<String, String> settings) {
        Path target = Path.of("target").toAbsolutePath();
        Path kubeconfig = cluster.serviceAccountKubeconfig(cluster.namespace(), fullname,
                target.resolve(cluster.namespace() + ".kubeconfig"));
        Map<String, String> env = new HashMap<>(Map.of(
                "EVENTQUEUE_OPERATOR_WATCH_NAMESPACES", String.join(",", watched),
                "EVENTQUEUE_OPERATOR_RUNTIME_IMAGE", IMAGE,
                "EVENTQUEUE_OPERATOR_LEADER_ELECTION_ENABLED", "true",
                "EVENTQUEUE_OPERATOR_LEADER_ELECTION_LEASE_NAME", fullname,
                "EVENTQUEUE_OPERATOR_LEADER_ELECTION_LEASE_NAMESPACE", cluster.namespace(),
                "EVENTQUEUE_OPERATOR_POD_NAME", identity));
        env.putAll(settings);
        return OperatorProcess.start(kubeconfig, target.resolve(cluster.namespace() + "-" + identity + ".log"), env);
    }

    OperatorProcess start() {
        return start("local-0", Map.of());
    }

    /** "verb resource[.group][/subresource]" for every rule of the rendered Roles and ClusterRoles. */
    private static Set<String> grants(String manifests) {
        Set<String> grants = new TreeSet<>();
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(manifests)) {
            for (JsonNode doc : docs.readAll()) {
                if (!Set.of("Role", "ClusterRole").contains(doc.path("kind").asText())) {
                    continue;
                }
                for (JsonNode rule : doc.path("rules")) {
                    for (JsonNode group : rule.path("apiGroups")) {
                        for (JsonNode resource : rule.path("resources")) {
                            for (JsonNode verb : rule.path("verbs")) {
                                String r = resource.asText();
                                String g = group.asText();
                                grants.add(verb.asText() + " " + (g.isEmpty() ? r : r.replaceFirst("^([^/]*)", "$1." + g)));
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return grants;
    }

    /** Every sample (or the named ones), applied as a user does, into {@code namespace}. */
    static void applySamples(TestCluster cluster, String namespace, String... only) {
        try {
            for (Path sample : SamplesOnApiServerTest.samples()) {
                List<ObjectNode> objects = SamplesOnApiServerTest.documents(Files.readString(sample));
                boolean wanted = only.length == 0 || objects.stream().anyMatch(o -> o.path("kind").asText()
                        .equals("EventQueue") && List.of(only).contains(o.at("/metadata/name").asText()));
                if (!wanted) {
                    continue;
                }
                StringBuilder input = new StringBuilder();
                for (ObjectNode object : objects) {
                    ((ObjectNode) object.get("metadata")).put("namespace", namespace);
                    input.append("---\n").append(YAML.writeValueAsString(object));
                }
                cluster.kubectlWithInput(input.toString(), "apply", "--server-side", "-n", namespace, "-f", "-")
                        .require();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Until the status describes the current generation and the Deployment exists. */
    static void awaitReconciled(TestCluster cluster, String namespace, List<String> names, OperatorProcess operator) {
        for (String name : names) {
            Eventually.until(name + " reconciled", Duration.ofSeconds(90), () -> {
                assertThat(operator.isAlive()).as(operator.log()).isTrue();
                String[] observed = cluster.kubectl("get", "eq", name, "-n", namespace, "-o",
                        "jsonpath={.metadata.generation}={.status.observedGeneration}").stdout().split("=", -1);
                return observed.length == 2 && observed[0].equals(observed[1])
                        && cluster.kubectl("get", "deployment", name, "-n", namespace).exitCode() == 0;
            });
        }
    }
}
