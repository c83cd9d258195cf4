package io.eventqueue.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class KubernetesSchemaValidatorTest {
    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: demo
              namespace: default
            spec:
              replicas: 2
              selector:
                matchLabels: {app: demo}
              template:
                metadata:
                  labels: {app: demo}
                spec:
                  containers:
                    - name: app
                      image: example/app:1
                      imagePullPolicy: IfNotPresent
                      ports:
                        - {name: http, containerPort: 8080}
                      readinessProbe:
                        httpGet: {path: /health/ready, port: http}
                      resources:
                        requests: {cpu: 250m, memory: 128Mi}
                        limits: {cpu: "1", memory: 128Mi}
            """;

    private final KubernetesSchemaValidator validator = new KubernetesSchemaValidator();

    @Test
    void acceptsAValidDeployment() {
        assertThat(validator.validate(document(DEPLOYMENT))).isEmpty();
    }

    @Test
    void rejectsATypoInAFieldName() {
        String typo = DEPLOYMENT.replace("imagePullPolicy:", "imagePullPolicyy:");

        assertThat(validator.validate(document(typo))).hasValueSatisfying(error -> assertThat(error)
                .contains("imagePullPolicyy").contains("V1Container"));
    }

    @Test
    void rejectsAWordWhereANumberBelongs() {
        String wrongType = DEPLOYMENT.replace("replicas: 2", "replicas: \"two\"");

        assertThat(validator.validate(document(wrongType))).hasValueSatisfying(error -> assertThat(error)
                .contains("two"));
    }

    @Test
    void rejectsAnUnknownFieldAtTheTopOfTheSpec() {
        String unknown = DEPLOYMENT.replace("  replicas: 2", "  replica: 2");

        assertThat(validator.validate(document(unknown))).hasValueSatisfying(error -> assertThat(error)
                .contains("replica").contains("V1DeploymentSpec"));
    }

    @Test
    void rejectsAMissingRequiredField() {
        String noSelector = DEPLOYMENT.replace("  selector:\n    matchLabels: {app: demo}\n", "");

        assertThat(validator.validate(document(noSelector))).hasValueSatisfying(error -> assertThat(error)
                .contains("selector"));
    }

    @Test
    void rejectsAKindUnderTheWrongApiVersion() {
        String oldApi = DEPLOYMENT.replace("apiVersion: apps/v1", "apiVersion: extensions/v1beta1");

        assertThat(validator.validate(document(oldApi))).contains("no schema known for extensions/v1beta1 Deployment");
    }

    @Test
    void validatesCustomResourcesAgainstTheirDefinition() {
        KubernetesSchemaValidator withCrd = new KubernetesSchemaValidator().withCustomResourceDefinition(document("""
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata: {name: widgets.example.com}
                spec:
                  group: example.com
                  names: {kind: Widget, plural: widgets}
                  scope: Namespaced
                  versions:
                    - name: v1
                      served: true
                      storage: true
                      schema:
                        openAPIV3Schema:
                          type: object
                          properties:
                            spec:
                              type: object
                              properties:
                                size: {type: integer, minimum: 1}
                """));
        String widget = "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {size: %s}\n";

        assertThat(withCrd.validate(document(widget.formatted("3")))).isEmpty();
        assertThat(withCrd.validate(document(widget.formatted("0")))).hasValueSatisfying(error -> assertThat(error)
                .contains("spec.size").contains("minimum"));
        assertThat(withCrd.validate(document(widget.formatted("3, sise: 4")))).contains("spec.sise: unknown field");
        assertThat(withCrd.validate(document(widget.formatted("3}\nstatus: {x: 1")))).contains("status: unknown field");
    }

    @Test
    void checksOnlyTheMetadataOfPrometheusOperatorKinds() {
        assertThat(validator.validate(document("""
                apiVersion: monitoring.coreos.com/v1
                kind: ServiceMonitor
                metadata: {name: m, labelz: {}}
                spec: {}
                """))).hasValueSatisfying(error -> assertThat(error).contains("labelz"));
    }

    private static ObjectNode document(String yaml) {
        return YamlDocuments.parse(yaml).getFirst();
    }
}
