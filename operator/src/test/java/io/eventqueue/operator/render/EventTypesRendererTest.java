package io.eventqueue.operator.render;

import static io.eventqueue.operator.Fixtures.instance;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.eventqueue.operator.Fixtures;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** spec.eventTypes → the runtime's events.types, schemas inline, bounds checked before a pod sees them. */
class EventTypesRendererTest {
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final String TYPES = """
            eventTypesMode: strict
            eventTypes:
              - type: com.example.order.created
                schema: {type: object, required: [order], properties: {order: {type: integer}}}
              - type: com.example.invoice.paid
                schemaFrom: {name: schemas, key: invoice.json}
              - type: "com.example.audit.*"
                requiredExtensions: [tenant]
            """;
    private static final String INVOICE = "{\"type\":\"object\",\"required\":[\"amount\"]}";

    private static JsonNode events(Instance instance) throws IOException {
        return YAML.readTree(RuntimeConfigRenderer.render(instance)).path("events").path("types");
    }

    private static Instance withSources(String spec, Map<String, String> sources) {
        return Instance.of(Fixtures.eventQueue(spec), Fixtures.IMAGE, sources);
    }

    @Test
    void withoutEventTypesTheModeIsOpenAndNothingIsDeclared() throws IOException {
        JsonNode types = events(instance(""));
        assertThat(types.path("mode").asText()).isEqualTo("open");
        assertThat(types.has("declared")).isFalse();
    }

    @Test
    void declaredTypesAreRenderedWithEverySchemaInline() throws IOException {
        JsonNode types = events(withSources(TYPES, Map.of(Instance.sourceKey("schemas", "invoice.json"), INVOICE)));
        assertThat(types.path("mode").asText()).isEqualTo("strict");
        JsonNode declared = types.path("declared");
        assertThat(declared).hasSize(3);
        assertThat(declared.get(0).path("type").asText()).isEqualTo("com.example.order.created");
        assertThat(declared.get(0).path("schema").toString())
                .isEqualTo("{\"type\":\"object\",\"required\":[\"order\"],\"properties\":{\"order\":{\"type\":\"integer\"}}}");
        assertThat(declared.get(1).path("schema").toString()).isEqualTo(INVOICE);
        assertThat(declared.get(2).path("type").asText()).isEqualTo("com.example.audit.*");
        assertThat(declared.get(2).has("schema")).isFalse();
        assertThat(declared.get(2).path("required-extensions").toString()).isEqualTo("[\"tenant\"]");
    }

    @Test
    void aMissingSchemaConfigMapIsNamed() {
        assertThatThrownBy(() -> RuntimeConfigRenderer.render(withSources(TYPES, Map.of())))
                .isInstanceOf(InvalidEventTypesException.class)
                .hasMessage("spec.eventTypes[1].schemaFrom: ConfigMap schemas with key invoice.json does not exist in namespace ns");
    }

    @Test
    void aSchemaChangeChangesTheConfigHashSoThePodsRoll() {
        String before = podConfigHash(withSources(TYPES, Map.of(Instance.sourceKey("schemas", "invoice.json"), INVOICE)));
        String inlineChanged = podConfigHash(withSources(TYPES.replace("{type: integer}", "{type: string}"),
                Map.of(Instance.sourceKey("schemas", "invoice.json"), INVOICE)));
        String configMapChanged = podConfigHash(withSources(TYPES, Map.of(Instance.sourceKey("schemas", "invoice.json"),
                "{\"type\":\"object\",\"required\":[\"amount\",\"currency\"]}")));
        String same = podConfigHash(withSources(TYPES, Map.of(Instance.sourceKey("schemas", "invoice.json"), INVOICE)));
        assertThat(inlineChanged).isNotEqualTo(before);
        assertThat(configMapChanged).isNotEqualTo(before);
        assertThat(same).isEqualTo(before);
    }

    @Test
    void theRuntimesBoundsAreCheckedBeforeAPodSeesTheSpec() {
        String deep = "{\"properties\":{\"a\":".repeat(17) + "{}" + "}}".repeat(17);
        assertThatThrownBy(() -> RuntimeConfigRenderer.render(instance(
                "eventTypes: [{type: deep, schema: " + deep + "}]")))
                .isInstanceOf(InvalidEventTypesException.class)
                .hasMessage("spec.eventTypes[0]: the schema nests 35 levels deep; the limit is 32");
        String big = "{\"description\":\"" + "x".repeat(EventTypesRenderer.MAX_SCHEMA_BYTES) + "\"}";
        assertThatThrownBy(() -> RuntimeConfigRenderer.render(instance("eventTypes: [{type: big, schema: " + big + "}]")))
                .hasMessageStartingWith("spec.eventTypes[0]: the schema is 65554 bytes of JSON");
        assertThatThrownBy(() -> RuntimeConfigRenderer.render(instance("eventTypes: [{type: bad, schema: {type: objekt}}]")))
                .hasMessageStartingWith("spec.eventTypes[0]: not a valid JSON Schema: ");
        assertThatThrownBy(() -> RuntimeConfigRenderer.render(instance(
                "eventTypes: [{type: mine, schema: {$schema: 'https://example.com/mine'}}]")))
                .hasMessageContaining("is not a JSON Schema dialect the runtime knows");
        assertThatThrownBy(() -> RuntimeConfigRenderer.render(instance("eventTypes: [{type: a}, {type: a}]")))
                .hasMessage("spec.eventTypes[1].type: a is declared twice");
        assertThatThrownBy(() -> RuntimeConfigRenderer.render(instance("eventTypes: [{type: metric}]")))
                .hasMessage("spec.eventTypes[0].type: metric is built in and cannot be declared");
        assertThatThrownBy(() -> RuntimeConfigRenderer.render(instance("eventTypes: [{type: a, requiredExtensions: [Tenant]}]")))
                .hasMessageStartingWith("spec.eventTypes[0].requiredExtensions: Tenant is not an extension name");
    }

    private static String podConfigHash(Instance instance) {
        List<HasMetadata> objects = Manifests.render(instance, Optional.empty());
        Deployment d = objects.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast).findFirst()
                .orElseThrow();
        return d.getSpec().getTemplate().getMetadata().getAnnotations().get(ConfigHash.ANNOTATION);
    }
}
