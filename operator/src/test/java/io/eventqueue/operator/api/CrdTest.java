package io.eventqueue.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventqueue.operator.Fixtures;
import io.eventqueue.operator.api.v1alpha1.EventQueue;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CrdTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void committedCrdIsTheGeneratedOne() throws IOException {
        assertThat(Files.mismatch(CrdSchema.COMMITTED, CrdSchema.GENERATED))
                .as("crds/ differs from the CRD generated from the API classes: run `make crds` and commit crds/")
                .isEqualTo(-1L);
    }

    @Test
    void definesANamespacedEventQueueWithStatusAndShortName() {
        JsonNode spec = CrdSchema.crd().path("spec");

        assertThat(spec.path("group").asText()).isEqualTo("eventqueue.io");
        assertThat(spec.path("scope").asText()).isEqualTo("Namespaced");
        assertThat(spec.at("/names/kind").asText()).isEqualTo("EventQueue");
        assertThat(spec.at("/names/plural").asText()).isEqualTo("eventqueues");
        assertThat(spec.at("/names/shortNames/0").asText()).isEqualTo("eq");
        assertThat(spec.at("/versions/0/name").asText()).isEqualTo("v1alpha1");
        assertThat(spec.at("/versions/0/subresources/status").isObject()).isTrue();
    }

    @Test
    void printerColumnsShowReadyPhaseEndpointAndAge() {
        JsonNode columns = CrdSchema.crd().at("/spec/versions/0/additionalPrinterColumns");

        assertThat(columns.findValuesAsText("name")).containsExactlyInAnyOrder("Ready", "Phase", "Endpoint", "Age");
        assertThat(columns.findValuesAsText("jsonPath")).containsExactlyInAnyOrder(".status.ready", ".status.phase",
                ".status.endpoint", ".metadata.creationTimestamp");
    }

    @Test
    void crdDefaultsAreTheDefaultsTheOperatorApplies() {
        JsonNode fromCrd = CrdSchema.withDefaults(CrdSchema.specSchema(), JSON.createObjectNode());
        JsonNode fromJava = JSON.valueToTree(new EventQueue().getSpec().withDefaults());

        assertThat(fromCrd.at("/replicas").asInt()).isEqualTo(1);
        assertThat(fromCrd.at("/queue/capacity").asInt()).as("nested defaults are applied").isEqualTo(10000);
        assertSubset("spec", fromCrd, fromJava);
    }

    private static void assertSubset(String path, JsonNode expected, JsonNode actual) {
        if (!expected.isObject()) {
            assertThat(actual.isNumber() && expected.isNumber() ? actual.asDouble() : actual)
                    .as(path).isEqualTo(actual.isNumber() && expected.isNumber() ? expected.asDouble() : expected);
            return;
        }
        for (Map.Entry<String, JsonNode> e : expected.properties()) {
            assertThat(actual.has(e.getKey())).as(path + "." + e.getKey() + " defaulted in Java").isTrue();
            assertSubset(path + "." + e.getKey(), e.getValue(), actual.get(e.getKey()));
        }
    }

    @Test
    void everyValidationRuleExplainsItself() {
        Map<String, JsonNode> rules = CrdSchema.rules();

        assertThat(rules).hasSizeGreaterThanOrEqualTo(10);
        rules.forEach((where, rule) -> assertThat(rule.path("message").asText()).as(where).hasSizeGreaterThan(20));
    }

    @Test
    void boundsEnumsAndPatternsAreInTheSchema() {
        JsonNode spec = CrdSchema.specSchema().path("properties");

        assertThat(spec.at("/replicas/minimum").asInt()).isEqualTo(1);
        assertThat(spec.at("/replicas/maximum").asInt()).isEqualTo(100);
        assertThat(spec.at("/durability/properties/mode/enum").findValuesAsText("")).isEmpty();
        assertThat(spec.at("/durability/properties/mode/enum").toString()).contains("memory", "journal");
        assertThat(spec.at("/durability/properties/fsync/enum").toString()).contains("always", "interval", "never");
        assertThat(spec.at("/availability/properties/podAntiAffinity/enum").toString())
                .contains("preferred", "required", "none");
        assertThat(spec.at("/shutdown/properties/drainTimeout/pattern").asText()).isNotEmpty();
        assertThat(spec.at("/queue/properties/maxBytes/pattern").asText()).isNotEmpty();
        assertThat(spec.at("/network/properties/apiFrom/maxItems").asInt()).isPositive();
    }
}
