package io.eventqueue.manifests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The CRD the chart installs is the generated one, the samples are valid EventQueues, and the manifests rendered
 * from them are valid Kubernetes. Each test waits for its input (crds/, samples/) to exist: the operator module
 * generates them.
 */
class CrdAndSamplesTest {
    private static final Path CHART_CRDS = Path.of("charts/eventqueue-operator/crds");

    @Test
    void chartShipsExactlyTheGeneratedCrds() throws IOException {
        List<Path> generated = generatedCrds();
        List<Path> shipped = Project.yamlFilesIn(Project.root().resolve(CHART_CRDS));

        assertThat(shipped.stream().map(p -> p.getFileName().toString()))
                .as("run `make crds`: files in " + CHART_CRDS + " vs crds/")
                .containsExactlyElementsOf(generated.stream().map(p -> p.getFileName().toString()).toList());
        for (int i = 0; i < generated.size(); i++) {
            assertThat(Files.mismatch(shipped.get(i), generated.get(i)))
                    .as("run `make crds`: %s differs from %s", shipped.get(i), generated.get(i)).isEqualTo(-1L);
        }
    }

    @Test
    void generatedCrdIsAValidEventQueueDefinition() {
        List<ObjectNode> crds = generatedCrds().stream().flatMap(f -> YamlDocuments.read(f).stream()).toList();

        assertThat(new KubernetesSchemaValidator().problems(crds)).isEmpty();
        assertThat(crds).anySatisfy(crd -> {
            assertThat(crd.at("/spec/group").asText()).isEqualTo("eventqueue.io");
            assertThat(crd.at("/spec/names/kind").asText()).isEqualTo("EventQueue");
            assertThat(crd.at("/spec/names/shortNames").toString()).contains("\"eq\"");
        });
    }

    @Test
    void samplesAreValidEventQueues() {
        List<ObjectNode> samples = samples();
        assumeFalse(samples.isEmpty(), "samples/*.yaml do not exist yet (operator branch)");

        assertThat(validatorWithCrds().problems(samples)).isEmpty();
    }

    @Test
    void sampleWithAMistypedOrWronglyTypedFieldIsRejected() {
        List<ObjectNode> samples = samples();
        assumeFalse(samples.isEmpty(), "samples/*.yaml do not exist yet (operator branch)");
        KubernetesSchemaValidator validator = validatorWithCrds();
        ObjectNode typo = samples.getFirst().deepCopy();
        ((ObjectNode) typo.path("spec")).put("replicass", 2);
        ObjectNode wrongType = samples.getFirst().deepCopy();
        ((ObjectNode) wrongType.path("spec")).put("replicas", "two");

        assertThat(validator.validate(typo)).contains("spec.replicass: unknown field");
        assertThat(validator.validate(wrongType)).hasValueSatisfying(error -> assertThat(error).startsWith("spec.replicas:"));
    }

    @Test
    void renderedSampleManifestsAreValidKubernetes() {
        List<Path> files = Project.yamlFilesIn(Project.root().resolve("samples/manifests"));
        assumeFalse(files.isEmpty(), "samples/manifests/ does not exist yet: `make samples` writes it (operator branch)");
        List<ObjectNode> documents = files.stream().flatMap(f -> YamlDocuments.read(f).stream()).toList();

        assertThat(documents).extracting(d -> d.path("kind").asText()).contains("Deployment", "Service");
        assertThat(validatorWithCrds().problems(documents)).isEmpty();
    }

    /** What the samples' comments and samples/README.md promise, checked on the rendered Deployments. */
    @Test
    void renderedSamplesScheduleAsTheirCommentsSay() {
        List<Path> files = Project.yamlFilesIn(Project.root().resolve("samples/manifests"));
        assumeFalse(files.isEmpty(), "samples/manifests/ does not exist yet");
        List<ObjectNode> deployments = files.stream().flatMap(f -> YamlDocuments.read(f).stream())
                .filter(d -> d.path("kind").asText().equals("Deployment")).toList();
        assertThat(deployments).hasSizeGreaterThanOrEqualTo(3);
        for (ObjectNode deployment : deployments) {
            String name = deployment.at("/metadata/name").asText();
            com.fasterxml.jackson.databind.JsonNode pod = deployment.at("/spec/template/spec");
            String memory = pod.at("/containers/0/resources/limits/memory").asText();
            assertThat(io.kubernetes.client.custom.Quantity.fromString(memory).getNumber().longValue())
                    .as("%s: 75%% heap leaves room for ~60-100 MB off-heap only from 512Mi on", name)
                    .isGreaterThanOrEqualTo(512L << 20);
            if (pod.path("tolerations").size() > 0) {
                assertThat(pod.path("nodeSelector").size()).as("%s: a toleration allows, a node selector steers", name)
                        .isPositive();
            }
            assertThat(deployment.at("/spec/template/metadata/annotations")
                    .path("cluster-autoscaler.kubernetes.io/safe-to-evict").asText("")).as("%s: journal in an emptyDir", name)
                    .isNotEqualTo("true");
            if (pod.at("/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution").size() > 0) {
                assertThat(deployment.at("/spec/strategy/rollingUpdate/maxSurge").asInt())
                        .as("%s: one pod per node leaves no node for a surge pod", name).isZero();
            }
        }
    }

    private static List<Path> generatedCrds() {
        List<Path> generated = Project.crdFiles();
        assumeFalse(generated.isEmpty(), "crds/ holds no generated CRD yet: `make crds` writes it (operator branch)");
        return generated;
    }

    private static KubernetesSchemaValidator validatorWithCrds() {
        KubernetesSchemaValidator validator = new KubernetesSchemaValidator();
        generatedCrds().stream().flatMap(f -> YamlDocuments.read(f).stream())
                .forEach(validator::withCustomResourceDefinition);
        return validator;
    }

    /** The EventQueue custom resources in samples/*.yaml (not the rendered samples/manifests/). */
    private static List<ObjectNode> samples() {
        Path dir = Project.root().resolve("samples");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted()
                    .flatMap(f -> YamlDocuments.read(f).stream()).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
