package io.eventqueue.operator.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.eventqueue.operator.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every sample as a user applies it (`kubectl apply --server-side`), and what `kubectl get eq -o yaml` shows back:
 * the defaults the documentation's field table promises, filled in by the API server.
 */
@ExtendWith(ControlPlaneExtension.class)
class SamplesOnApiServerTest {
    private static final YAMLMapper YAML = new YAMLMapper();

    static List<Path> samples() throws IOException {
        try (Stream<Path> files = Files.list(Fixtures.root().resolve("samples"))) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    /** The objects of one YAML text: a sample may hold others beside its EventQueue (event-types: its ConfigMap). */
    static List<ObjectNode> documents(String yaml) throws IOException {
        return YAML.readerFor(ObjectNode.class).<ObjectNode>readValues(yaml).readAll();
    }

    @Test
    void everySampleIsAcceptedAndComesBackWithTheDocumentedDefaults(TestCluster cluster) throws IOException {
        cluster.installCrd();
        // One more instance whose optional sections are present but empty, so their defaults show too.
        String sections = """
                apiVersion: eventqueue.io/v1alpha1
                kind: EventQueue
                metadata: {name: sections}
                spec: {autoscaling: {maxReplicas: 4}, network: {egress: {}}}
                """;
        Map<String, DefaultsTable.Promise> promised = DefaultsTable.byPath();
        List<String> checked = new ArrayList<>();
        List<String> broken = new ArrayList<>();
        List<String> documents = new ArrayList<>();
        for (Path sample : samples()) {
            documents.add(Files.readString(sample));
        }
        documents.add(sections);

        for (String document : documents) {
            List<ObjectNode> objects = documents(document);
            StringBuilder input = new StringBuilder();
            for (ObjectNode object : objects) {
                ((ObjectNode) object.get("metadata")).put("namespace", cluster.namespace());
                input.append("---\n").append(YAML.writeValueAsString(object));
            }
            ObjectNode object = objects.stream().filter(o -> o.path("kind").asText().equals("EventQueue"))
                    .findFirst().orElseThrow(() -> new AssertionError("no EventQueue in " + document));
            String name = object.at("/metadata/name").asText();
            Processes.Result applied = cluster.kubectlWithInput(input.toString(), "apply", "--server-side", "-f", "-");
            assertThat(applied.exitCode()).as(name + ": " + applied.output()).isZero();
            assertThat(applied.stdout()).contains("eventqueue.eventqueue.io/" + name + " serverside-applied");

            JsonNode served = YAML.readTree(cluster.kubectl("get", "eq", name, "-o", "yaml").require().stdout())
                    .path("spec");
            JsonNode written = object.path("spec");
            for (DefaultsTable.Promise promise : promised.values()) {
                String pointer = "/" + promise.path().replace('.', '/');
                String parent = pointer.substring(0, pointer.lastIndexOf('/'));
                if (!written.at(pointer).isMissingNode() || (!parent.isEmpty() && served.at(parent).isMissingNode())) {
                    continue;
                }
                JsonNode value = served.at(pointer);
                String expected = promise.value().orElse(null);
                String actual = value.isMissingNode() ? null : value.isContainerNode() ? value.toString() : value.asText();
                checked.add(name + ":" + promise.path());
                if (!java.util.Objects.equals(normal(expected), normal(actual))) {
                    broken.add(name + ": " + promise.path() + " documented " + expected + ", served " + actual);
                }
            }
        }

        assertThat(broken).as("defaults in " + DefaultsTable.source().getFileName() + " vs the API server").isEmpty();
        assertThat(checked.stream().map(c -> c.substring(c.indexOf(':') + 1)).distinct().count())
                .as("documented defaults checked on the server").isGreaterThanOrEqualTo(45);
    }

    private static String normal(String value) {
        return value == null ? null : value.replace(" ", "");
    }
}
