package io.eventqueue.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class StructuralSchemaValidatorTest {
    private static final JsonNode SCHEMA = YamlDocuments.parse("""
            type: object
            properties:
              spec:
                type: object
                required: [replicas]
                properties:
                  replicas: {type: integer, minimum: 1, maximum: 10}
                  durability: {type: string, enum: [memory, journal]}
                  name: {type: string, maxLength: 5, pattern: "^[a-z]+$"}
                  port: {x-kubernetes-int-or-string: true}
                  ratio: {type: number, minimum: 0, maximum: 1}
                  labels: {type: object, additionalProperties: {type: string}}
                  extra: {type: object, x-kubernetes-preserve-unknown-fields: true}
                  sinks: {type: array, maxItems: 2, items: {type: object, properties: {url: {type: string}}}}
                  tls: {type: object, nullable: true, properties: {secretName: {type: string}}}
            """).getFirst();

    @Test
    void acceptsAValidObject() {
        assertThat(errors("""
                apiVersion: x/v1
                kind: X
                spec: {replicas: 3, durability: journal, name: abc, port: http, ratio: 0.5,
                       labels: {a: b}, extra: {anything: [1]}, sinks: [{url: u}], tls: null}
                """)).isEmpty();
    }

    @Test
    void reportsEachViolationWithItsPath() {
        assertThat(errors("""
                spec: {replicas: "3", durability: disk, name: ABCDEFG, port: 1.5, ratio: 2,
                       labels: {a: 1}, sinks: [{url: u, urll: v}, {}, {}], unknown: true, tls: {secretname: s}}
                """)).containsExactlyInAnyOrder(
                "spec.replicas: must be of type integer, got string",
                "spec.durability: \"disk\" is not one of [\"memory\",\"journal\"]",
                "spec.name: 7 characters, at most 5 allowed",
                "spec.name: \"ABCDEFG\" does not match ^[a-z]+$",
                "spec.port: must be of type integer or string, got number",
                "spec.ratio: 2 is above the maximum 1",
                "spec.labels.a: must be of type string, got number",
                "spec.sinks[0].urll: unknown field",
                "spec.sinks: 3 items, at most 2 allowed",
                "spec.unknown: unknown field",
                "spec.tls.secretname: unknown field");
    }

    @Test
    void reportsMissingRequiredFieldsAndNulls() {
        assertThat(errors("spec: {durability: null}")).containsExactlyInAnyOrder(
                "spec.durability: must not be null", "spec.replicas: required");
    }

    private static java.util.List<String> errors(String yaml) {
        return StructuralSchemaValidator.validate(SCHEMA, YamlDocuments.parse(yaml).getFirst());
    }
}
