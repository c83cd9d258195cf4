package io.eventqueue.operator.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.eventqueue.operator.api.v1alpha1.EventTypeSpec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code spec.eventTypes} → the runtime's {@code events.types.declared} (docs/configuration.md),
 * every schema inline, so that a schema change is a config change (and rolls the pods through the config hash).
 * The runtime's start-up checks (bounds, each schema against its dialect's meta-schema) are made here too, so a
 * spec the runtime would refuse never reaches a pod.
 */
public final class EventTypesRenderer {
    /** The runtime's bounds (events.types.declared): keep equal to runtime EventTypesConfig. */
    static final int MAX_SCHEMA_BYTES = 64 * 1024;
    static final int MAX_SCHEMA_DEPTH = 32;
    private static final Pattern EXTENSION_NAME = Pattern.compile("[a-z0-9]{1,64}");
    private static final Set<String> BUILT_IN = Set.of("log", "metric");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new YAMLMapper();
    private static final SchemaRegistry META_SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            b -> b.schemaLoader(l -> l.fetchRemoteResources(false)));

    private EventTypesRenderer() {
    }

    /** {@code events.types.declared}: empty when the spec declares no type. */
    static List<Map<String, Object>> render(Instance instance) {
        List<EventTypeSpec> specs = instance.spec().eventTypes();
        List<Map<String, Object>> declared = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < specs.size(); i++) {
            declared.add(declared(instance, "spec.eventTypes[" + i + "]", specs.get(i), seen));
        }
        return declared;
    }

    private static Map<String, Object> declared(Instance instance, String at, EventTypeSpec spec, Set<String> seen) {
        if (!seen.add(spec.type())) {
            throw new InvalidEventTypesException(at + ".type: " + spec.type() + " is declared twice");
        }
        if (BUILT_IN.contains(spec.type())) {
            throw new InvalidEventTypesException(at + ".type: " + spec.type() + " is built in and cannot be declared");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", spec.type());
        JsonNode schema = null;
        if (spec.schema() != null) {
            schema = spec.schema();
        } else if (spec.schemaFrom() != null) {
            schema = fromConfigMap(instance, at + ".schemaFrom", spec);
        }
        if (schema != null) {
            checkBounds(at, schema);
            checkSchema(at, schema);
            out.put("schema", JSON.convertValue(schema, Object.class));
        }
        if (spec.requiredExtensions() != null && !spec.requiredExtensions().isEmpty()) {
            for (String name : spec.requiredExtensions()) {
                if (name == null || !EXTENSION_NAME.matcher(name).matches()) {
                    throw new InvalidEventTypesException(at + ".requiredExtensions: " + name
                            + " is not an extension name (1 to 64 lower-case letters and digits)");
                }
            }
            out.put("required-extensions", List.copyOf(spec.requiredExtensions()));
        }
        return out;
    }

    private static JsonNode fromConfigMap(Instance instance, String at, EventTypeSpec spec) {
        String name = spec.schemaFrom().name();
        String key = spec.schemaFrom().key();
        String text = instance.schemaSources().get(Instance.sourceKey(name, key));
        if (text == null) {
            throw new InvalidEventTypesException(at + ": ConfigMap " + name + " with key " + key
                    + " does not exist in namespace " + instance.namespace());
        }
        if (text.length() > MAX_SCHEMA_BYTES) {
            throw new InvalidEventTypesException(at + ": ConfigMap " + name + " key " + key + " is larger than "
                    + MAX_SCHEMA_BYTES + " bytes");
        }
        try {
            // YAML is a superset of JSON: either form is read.
            JsonNode node = YAML.readTree(text);
            if (node == null || !node.isObject()) {
                throw new InvalidEventTypesException(at + ": ConfigMap " + name + " key " + key
                        + " is not a JSON Schema object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new InvalidEventTypesException(at + ": ConfigMap " + name + " key " + key + " is not JSON or YAML: "
                    + e.getOriginalMessage());
        }
    }

    private static void checkBounds(String at, JsonNode schema) {
        int bytes;
        try {
            bytes = JSON.writeValueAsBytes(schema).length;
        } catch (JsonProcessingException e) {
            throw new InvalidEventTypesException(at + ": the schema cannot be written as JSON");
        }
        if (bytes > MAX_SCHEMA_BYTES) {
            throw new InvalidEventTypesException(at + ": the schema is " + bytes + " bytes of JSON; the limit is "
                    + MAX_SCHEMA_BYTES);
        }
        int depth = depth(schema);
        if (depth > MAX_SCHEMA_DEPTH) {
            throw new InvalidEventTypesException(at + ": the schema nests " + depth + " levels deep; the limit is "
                    + MAX_SCHEMA_DEPTH);
        }
    }

    /**
     * The runtime refuses to start with a schema that is not valid for its dialect (draft 2020-12 unless
     * {@code $schema} names another); the same validator checks it here, against the meta-schemas it ships.
     */
    private static void checkSchema(String at, JsonNode schema) {
        String dialect = schema.path("$schema").asText(SpecificationVersion.DRAFT_2020_12.getDialectId());
        if (SpecificationVersion.fromDialectId(dialect).isEmpty()) {
            throw new InvalidEventTypesException(at + ": $schema " + dialect + " is not a JSON Schema dialect the runtime"
                    + " knows (2020-12, 2019-09, draft-07, -06, -04)");
        }
        List<com.networknt.schema.Error> errors;
        try {
            errors = META_SCHEMAS.getSchema(SchemaLocation.of(dialect)).validate(schema);
        } catch (RuntimeException e) {
            throw new InvalidEventTypesException(at + ": the schema cannot be checked: " + e.getMessage());
        }
        if (!errors.isEmpty()) {
            com.networknt.schema.Error first = errors.get(0);
            String where = first.getInstanceLocation().toString();
            throw new InvalidEventTypesException(at + ": not a valid JSON Schema: at " + (where.isEmpty() ? "/" : where)
                    + ": " + first.getMessage());
        }
    }

    private static int depth(JsonNode node) {
        int max = 0;
        for (JsonNode child : node) {
            max = Math.max(max, depth(child));
        }
        return node.isContainerNode() ? max + 1 : 0;
    }
}
