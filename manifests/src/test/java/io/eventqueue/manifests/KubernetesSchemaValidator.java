package io.eventqueue.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.gson.JsonParser;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Validates manifests offline against the Kubernetes 1.30 API schema, through the model classes of the official
 * Kubernetes Java client: their Gson adapters reject fields the API does not define and values of the wrong type.
 * Custom resources are validated against the openAPIV3Schema of their CRD. Each document reports its first error.
 */
final class KubernetesSchemaValidator {
    /** Built-in kinds this project ships or renders, and their model class (names collide across groups). */
    private static final Map<String, Class<?>> BUILT_IN = Map.ofEntries(
            entry("v1", "ConfigMap", io.kubernetes.client.openapi.models.V1ConfigMap.class),
            entry("v1", "Secret", io.kubernetes.client.openapi.models.V1Secret.class),
            entry("v1", "Service", io.kubernetes.client.openapi.models.V1Service.class),
            entry("v1", "ServiceAccount", io.kubernetes.client.openapi.models.V1ServiceAccount.class),
            entry("v1", "Namespace", io.kubernetes.client.openapi.models.V1Namespace.class),
            entry("v1", "Pod", io.kubernetes.client.openapi.models.V1Pod.class),
            entry("apps/v1", "Deployment", io.kubernetes.client.openapi.models.V1Deployment.class),
            entry("apps/v1", "StatefulSet", io.kubernetes.client.openapi.models.V1StatefulSet.class),
            entry("policy/v1", "PodDisruptionBudget", io.kubernetes.client.openapi.models.V1PodDisruptionBudget.class),
            entry("networking.k8s.io/v1", "NetworkPolicy", io.kubernetes.client.openapi.models.V1NetworkPolicy.class),
            entry("networking.k8s.io/v1", "Ingress", io.kubernetes.client.openapi.models.V1Ingress.class),
            entry("autoscaling/v2", "HorizontalPodAutoscaler",
                    io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler.class),
            entry("rbac.authorization.k8s.io/v1", "ClusterRole", io.kubernetes.client.openapi.models.V1ClusterRole.class),
            entry("rbac.authorization.k8s.io/v1", "ClusterRoleBinding",
                    io.kubernetes.client.openapi.models.V1ClusterRoleBinding.class),
            entry("rbac.authorization.k8s.io/v1", "Role", io.kubernetes.client.openapi.models.V1Role.class),
            entry("rbac.authorization.k8s.io/v1", "RoleBinding", io.kubernetes.client.openapi.models.V1RoleBinding.class),
            entry("coordination.k8s.io/v1", "Lease", io.kubernetes.client.openapi.models.V1Lease.class),
            entry("apiextensions.k8s.io/v1", "CustomResourceDefinition",
                    io.kubernetes.client.openapi.models.V1CustomResourceDefinition.class));

    /**
     * Prometheus Operator kinds: no schema is available offline, so only their metadata is validated.
     * They are listed so that nothing else slips through unvalidated.
     */
    private static final Set<String> METADATA_ONLY = Set.of(
            "monitoring.coreos.com/v1 ServiceMonitor", "monitoring.coreos.com/v1 PodMonitor",
            "monitoring.coreos.com/v1 PrometheusRule");

    private final Map<String, JsonNode> customResourceSchemas = new HashMap<>();

    static {
        // Model classes are created once; the shared Gson must exist before the first fromJson.
        new JSON();
    }

    /** Adds the served versions of a CustomResourceDefinition, so its custom resources are validated too. */
    KubernetesSchemaValidator withCustomResourceDefinition(JsonNode crd) {
        String group = crd.path("spec").path("group").asText();
        String kind = crd.path("spec").path("names").path("kind").asText();
        for (JsonNode version : crd.path("spec").path("versions")) {
            JsonNode schema = version.path("schema").path("openAPIV3Schema");
            if (version.path("served").asBoolean(false) && schema.isObject()) {
                customResourceSchemas.put(key(group + "/" + version.path("name").asText(), kind), schema);
            }
        }
        return this;
    }

    /** The first problem with a document, or empty when the API server would accept its schema. */
    Optional<String> validate(JsonNode document) {
        String apiVersion = document.path("apiVersion").asText("");
        String kind = document.path("kind").asText("");
        if (apiVersion.isEmpty() || kind.isEmpty()) {
            return Optional.of("apiVersion and kind are required");
        }
        String key = key(apiVersion, kind);
        Class<?> model = BUILT_IN.get(key);
        if (model != null) {
            return parse(document, model);
        }
        JsonNode schema = customResourceSchemas.get(key);
        if (schema != null) {
            List<String> errors = new ArrayList<>(StructuralSchemaValidator.validate(schema, withoutMetadata(document)));
            parse(document.path("metadata"), V1ObjectMeta.class).ifPresent(e -> errors.add("metadata: " + e));
            return errors.stream().findFirst();
        }
        if (METADATA_ONLY.contains(key)) {
            if (!document.path("spec").isObject()) {
                return Optional.of("spec must be an object");
            }
            return parse(document.path("metadata"), V1ObjectMeta.class).map(e -> "metadata: " + e);
        }
        return Optional.of("no schema known for " + key);
    }

    /** "Kind/namespace/name: problem" for each invalid document; empty when all are valid. */
    List<String> problems(List<? extends JsonNode> documents) {
        List<String> problems = new ArrayList<>();
        for (JsonNode document : documents) {
            validate(document).ifPresent(problem -> problems.add(YamlDocuments.describe(document) + ": " + problem));
        }
        return problems;
    }

    private static JsonNode withoutMetadata(JsonNode document) {
        // metadata is checked as an ObjectMeta; a CRD schema does not describe it.
        var copy = document.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) copy).remove("metadata");
        return copy;
    }

    private static Optional<String> parse(JsonNode document, Class<?> model) {
        try {
            JSON.getGson().fromJson(JsonParser.parseString(document.toString()), model);
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of(shorten(e));
        }
    }

    private static String shorten(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getMessage() == null) {
            cause = cause.getCause();
        }
        String message = String.valueOf(cause.getMessage());
        // The model classes append the whole offending JSON; the field name comes first.
        int json = message.indexOf(" JSON: ");
        return (json > 0 ? message.substring(0, json) : message).strip();
    }

    private static Map.Entry<String, Class<?>> entry(String apiVersion, String kind, Class<?> model) {
        return Map.entry(key(apiVersion, kind), model);
    }

    private static String key(String apiVersion, String kind) {
        return apiVersion + " " + kind;
    }
}
