package io.eventqueue.operator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.types.SimpleType;
import dev.cel.extensions.CelExtensions;
import dev.cel.common.CelValidationException;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import io.eventqueue.operator.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The generated CRD's schema, applied the way the API server applies it: structural defaulting, then every
 * x-kubernetes-validations rule evaluated with CEL.
 */
final class CrdSchema {
    static final Path GENERATED = Path.of("target/classes/META-INF/fabric8/eventqueues.eventqueue.io-v1.yml");
    static final Path COMMITTED = Fixtures.root().resolve("crds/eventqueues.eventqueue.io-v1.yml");
    static final YAMLMapper YAML = new YAMLMapper();
    /** The CEL environment of CRD validation rules: standard macros, the strings extension and Kubernetes quantities. */
    private static final Cel CEL = CelFactory.standardCelBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addCompilerLibraries(CelExtensions.strings())
            .addRuntimeLibraries(CelExtensions.strings())
            .addFunctionDeclarations(KubernetesQuantityLibrary.declarations())
            .addFunctionBindings(KubernetesQuantityLibrary.bindings())
            .addVar("self", SimpleType.DYN)
            .build();

    private static final Map<String, CelRuntime.Program> PROGRAMS = new ConcurrentHashMap<>();

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

    /** Messages of the rules a (defaulted) value breaks. */
    static List<String> violations(JsonNode schema, JsonNode value) {
        List<String> messages = new ArrayList<>();
        check(schema, value, messages);
        return messages;
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

    private static void check(JsonNode schema, JsonNode value, List<String> messages) {
        for (JsonNode rule : schema.path("x-kubernetes-validations")) {
            if (!Boolean.TRUE.equals(evaluate(rule.get("rule").asText(), value))) {
                messages.add(rule.get("message").asText());
            }
        }
        if (value.isObject()) {
            schema.path("properties").properties().forEach(p -> {
                if (value.has(p.getKey())) {
                    check(p.getValue(), value.get(p.getKey()), messages);
                }
            });
        } else if (value.isArray() && schema.has("items")) {
            value.forEach(item -> check(schema.get("items"), item, messages));
        }
    }

    static Object evaluate(String rule, JsonNode self) {
        try {
            return PROGRAMS.computeIfAbsent(rule, CrdSchema::compile).eval(Map.of("self", toCel(self)));
        } catch (Exception e) {
            throw new IllegalStateException("CEL rule failed to evaluate: " + rule + ": " + e.getMessage(), e);
        }
    }

    private static CelRuntime.Program compile(String rule) {
        try {
            return CEL.createProgram(CEL.compile(rule).getAst());
        } catch (CelValidationException | CelEvaluationException e) {
            throw new IllegalStateException("CEL rule does not compile: " + rule + ": " + e.getMessage(), e);
        }
    }

    /** JSON as CEL sees it: integers are int (Long), other numbers double. */
    private static Object toCel(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.properties().forEach(e -> map.put(e.getKey(), toCel(e.getValue())));
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(item -> list.add(toCel(item)));
            return list;
        }
        if (node.isIntegralNumber()) {
            return node.asLong();
        }
        if (node.isNumber()) {
            return node.asDouble();
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        return node.asText();
    }
}
