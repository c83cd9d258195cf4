package io.eventqueue.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates a custom resource against its CRD's structural openAPIV3Schema as an API server with strict field
 * validation does (kubectl's default): unknown fields are errors unless x-kubernetes-preserve-unknown-fields is set;
 * types, int-or-string, nullable, required, enum, bounds, lengths, patterns, item and property counts are checked.
 * CEL rules (x-kubernetes-validations) are not evaluated here: the operator's tests cover those.
 */
final class StructuralSchemaValidator {
    /** Fields every object has at its root, described by the API server rather than by the CRD's schema. */
    private static final Set<String> ROOT_FIELDS = Set.of("apiVersion", "kind", "metadata");

    private StructuralSchemaValidator() {
    }

    /** Every error, each as "path: problem"; empty when valid. */
    static List<String> validate(JsonNode schema, JsonNode value) {
        List<String> errors = new ArrayList<>();
        check(schema, value, "", true, errors);
        return errors;
    }

    private static void check(JsonNode schema, JsonNode value, String path, boolean root, List<String> errors) {
        String at = path.isEmpty() ? "<root>" : path;
        if (value.isNull()) {
            if (!schema.path("nullable").asBoolean(false)) {
                errors.add(at + ": must not be null");
            }
            return;
        }
        if (!typeMatches(schema, value)) {
            errors.add(at + ": must be of type " + expectedType(schema) + ", got " + value.getNodeType().name().toLowerCase());
            return;
        }
        checkEnum(schema, value, at, errors);
        if (value.isObject()) {
            checkObject(schema, value, path, root, errors);
        } else if (value.isArray()) {
            checkArray(schema, value, path, errors);
        } else if (value.isTextual()) {
            checkString(schema, value.asText(), at, errors);
        } else if (value.isNumber()) {
            checkNumber(schema, value.decimalValue(), at, errors);
        }
        for (String combinator : List.of("allOf", "anyOf", "oneOf")) {
            checkCombinator(schema, value, path, combinator, errors);
        }
    }

    private static boolean typeMatches(JsonNode schema, JsonNode value) {
        if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
            return value.isTextual() || value.isIntegralNumber();
        }
        return switch (schema.path("type").asText("")) {
            case "" -> true;
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            default -> false;
        };
    }

    private static String expectedType(JsonNode schema) {
        return schema.path("x-kubernetes-int-or-string").asBoolean(false) ? "integer or string"
                : schema.path("type").asText();
    }

    private static void checkEnum(JsonNode schema, JsonNode value, String at, List<String> errors) {
        JsonNode allowed = schema.path("enum");
        if (!allowed.isArray()) {
            return;
        }
        for (JsonNode candidate : allowed) {
            if (candidate.equals(value)) {
                return;
            }
        }
        errors.add(at + ": " + value + " is not one of " + allowed);
    }

    private static void checkObject(JsonNode schema, JsonNode value, String path, boolean root, List<String> errors) {
        JsonNode properties = schema.path("properties");
        JsonNode additional = schema.path("additionalProperties");
        boolean preserveUnknown = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String fieldPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
            if (properties.has(field.getKey())) {
                check(properties.get(field.getKey()), field.getValue(), fieldPath, false, errors);
            } else if (additional.isObject()) {
                check(additional, field.getValue(), fieldPath, false, errors);
            } else if (!(preserveUnknown || additional.asBoolean(false) || root && ROOT_FIELDS.contains(field.getKey()))) {
                errors.add(fieldPath + ": unknown field");
            }
        }
        for (JsonNode required : schema.path("required")) {
            if (!value.has(required.asText())) {
                errors.add((path.isEmpty() ? "" : path + ".") + required.asText() + ": required");
            }
        }
        String at = path.isEmpty() ? "<root>" : path;
        bound(schema, "minProperties", value.size(), at, "properties", errors);
        bound(schema, "maxProperties", value.size(), at, "properties", errors);
    }

    private static void checkArray(JsonNode schema, JsonNode value, String path, List<String> errors) {
        JsonNode items = schema.path("items");
        for (int i = 0; i < value.size(); i++) {
            if (items.isObject()) {
                check(items, value.get(i), path + "[" + i + "]", false, errors);
            }
        }
        bound(schema, "minItems", value.size(), path, "items", errors);
        bound(schema, "maxItems", value.size(), path, "items", errors);
    }

    private static void checkString(JsonNode schema, String value, String at, List<String> errors) {
        int length = value.codePointCount(0, value.length());
        bound(schema, "minLength", length, at, "characters", errors);
        bound(schema, "maxLength", length, at, "characters", errors);
        if (schema.has("pattern") && !Pattern.compile(schema.get("pattern").asText()).matcher(value).find()) {
            errors.add(at + ": \"" + value + "\" does not match " + schema.get("pattern").asText());
        }
    }

    private static void checkNumber(JsonNode schema, java.math.BigDecimal value, String at, List<String> errors) {
        if (schema.has("minimum")) {
            int cmp = value.compareTo(schema.get("minimum").decimalValue());
            if (cmp < 0 || cmp == 0 && schema.path("exclusiveMinimum").asBoolean(false)) {
                errors.add(at + ": " + value + " is below the minimum " + schema.get("minimum"));
            }
        }
        if (schema.has("maximum")) {
            int cmp = value.compareTo(schema.get("maximum").decimalValue());
            if (cmp > 0 || cmp == 0 && schema.path("exclusiveMaximum").asBoolean(false)) {
                errors.add(at + ": " + value + " is above the maximum " + schema.get("maximum"));
            }
        }
    }

    private static void checkCombinator(JsonNode schema, JsonNode value, String path, String combinator,
                                        List<String> errors) {
        JsonNode branches = schema.path(combinator);
        if (!branches.isArray()) {
            return;
        }
        int passed = 0;
        List<String> branchErrors = new ArrayList<>();
        for (JsonNode branch : branches) {
            List<String> own = new ArrayList<>();
            // Branches of a structural schema only add value validations; unknown fields are judged by the parent.
            checkValueOnly(branch, value, path, own);
            if (own.isEmpty()) {
                passed++;
            }
            branchErrors.addAll(own);
        }
        String at = path.isEmpty() ? "<root>" : path;
        boolean ok = switch (combinator) {
            case "allOf" -> passed == branches.size();
            case "anyOf" -> passed >= 1;
            default -> passed == 1;
        };
        if (!ok) {
            errors.add(at + ": does not satisfy " + combinator + " " + branchErrors);
        }
    }

    private static void checkValueOnly(JsonNode branch, JsonNode value, String path, List<String> errors) {
        for (JsonNode required : branch.path("required")) {
            if (value.isObject() && !value.has(required.asText())) {
                errors.add((path.isEmpty() ? "" : path + ".") + required.asText() + ": required");
            }
        }
        String at = path.isEmpty() ? "<root>" : path;
        checkEnum(branch, value, at, errors);
        if (value.isTextual()) {
            checkString(branch, value.asText(), at, errors);
        } else if (value.isNumber()) {
            checkNumber(branch, value.decimalValue(), at, errors);
        }
    }

    private static void bound(JsonNode schema, String keyword, int actual, String at, String unit, List<String> errors) {
        if (!schema.has(keyword)) {
            return;
        }
        long limit = schema.get(keyword).asLong();
        boolean min = keyword.startsWith("min");
        if (min ? actual < limit : actual > limit) {
            errors.add(at + ": " + actual + " " + unit + ", " + (min ? "at least " : "at most ") + limit + " allowed");
        }
    }
}
