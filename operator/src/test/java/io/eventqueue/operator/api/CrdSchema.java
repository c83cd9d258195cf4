package io.eventqueue.operator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.eventqueue.operator.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The generated CRD's schema read offline: its structural defaults and where its validation rules sit. The rules
 * themselves are evaluated by a real API server (AdmissionTest).
 */
final class CrdSchema {
    static final Path GENERATED = Path.of("target/classes/META-INF/fabric8/eventqueues.eventqueue.io-v1.yml");
    static final Path COMMITTED = Fixtures.root().resolve("crds/eventqueues.eventqueue.io-v1.yml");
    static final YAMLMapper YAML = new YAMLMapper();

    private CrdSchema() {
    }

    static JsonNode crd() {
        try {
            return YAML.readTree(GENERATED.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode specSchema() {
        return SpecSchema.VALUE;
    }

    private static final class SpecSchema {
        static final JsonNode VALUE = crd().at("/spec/versions/0/schema/openAPIV3Schema/properties/spec");
    }

    /** The value with every schema default filled in, nested sections included. */
    static JsonNode withDefaults(JsonNode schema, JsonNode value) {
        JsonNode result = value.deepCopy();
        fill(schema, result);
        return result;
    }

    private static void fill(JsonNode schema, JsonNode value) {
        if (value instanceof ObjectNode object && schema.has("properties")) {
            for (Map.Entry<String, JsonNode> property : schema.get("properties").properties()) {
                if (!object.has(property.getKey()) && property.getValue().has("default")) {
                    object.set(property.getKey(), property.getValue().get("default").deepCopy());
                }
                if (object.has(property.getKey())) {
                    fill(property.getValue(), object.get(property.getKey()));
                }
            }
        } else if (value instanceof ArrayNode array && schema.has("items")) {
            array.forEach(item -> fill(schema.get("items"), item));
        }
    }

    /** Every rule in the schema with the path of the node it guards. */
    static Map<String, JsonNode> rules(JsonNode schema, String path, Map<String, JsonNode> found) {
        schema.path("x-kubernetes-validations").forEach(rule -> found.put(path + " " + rule.get("rule").asText(), rule));
        schema.path("properties").properties().forEach(p -> rules(p.getValue(), path + "." + p.getKey(), found));
        if (schema.has("items")) {
            rules(schema.get("items"), path + "[]", found);
        }
        return found;
    }

    static Map<String, JsonNode> rules() {
        return rules(specSchema(), "spec", new LinkedHashMap<>());
    }
}
