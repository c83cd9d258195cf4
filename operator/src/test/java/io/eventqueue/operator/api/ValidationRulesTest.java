package io.eventqueue.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The CRD's CEL rules, evaluated as the API server would on `kubectl apply`. */
class ValidationRulesTest {

    private static List<String> violations(String specYaml) throws IOException {
        JsonNode spec = CrdSchema.YAML.readTree(specYaml.isBlank() ? "{}" : specYaml);
        return CrdSchema.violations(CrdSchema.specSchema(), CrdSchema.withDefaults(CrdSchema.specSchema(), spec));
    }

    @Test
    void anEmptySpecIsValid() throws IOException {
        assertThat(violations("")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "resources: {requests: {cpu: 500m, memory: 1Gi}, limits: {cpu: '1', memory: 1Gi}}"
            + "|resources.limits must equal resources.requests",
        "{replicas: 2, availability: {podDisruptionBudget: {minAvailable: 2}}}"
            + "|minAvailable must be less than replicas",
        "{replicas: 5, autoscaling: {minReplicas: 2, maxReplicas: 6},"
            + " availability: {podDisruptionBudget: {minAvailable: 2}}}"
            + "|minAvailable must be less than autoscaling.minReplicas",
        "{replicas: 3, availability: {podDisruptionBudget: {minAvailable: 1, maxUnavailable: 1}}}"
            + "|set either availability.podDisruptionBudget.maxUnavailable or minAvailable",
        "autoscaling: {minReplicas: 5, maxReplicas: 3}|autoscaling.minReplicas must not exceed",
        "auth: {tokenTtl: 48h}|auth.tokenTtl must not be longer than auth.maxTokenTtl",
        "delivery: {backoffBase: 1m, backoffMax: 10s}|delivery.backoffBase must not be longer",
        "rateLimit: {globalRate: 10, perClientRate: 20}|rateLimit.perClientRate must not exceed",
        "sinks: {webhook: {enabled: true}}|sinks.webhook.url is required",
        "sinks: {file: {path: /etc/passwd}}|sinks.file.path must be under /var/lib/eventqueue/",
        "tracing: {enabled: true}|tracing.endpoint is required",
        "network: {apiFrom: [{}]}|a network peer needs namespaceSelector, podSelector or both",
        "eventTypes: [{type: a, schema: {type: object}, schemaFrom: {name: s, key: k}}]|give schema or schemaFrom, not both",
    })
    void rejectsASpecThatBreaksARuleWithAClearMessage(String spec, String message) throws IOException {
        assertThat(violations(spec)).singleElement().asString().contains(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "resources: {requests: {cpu: '2', memory: 2Gi}, limits: {cpu: '2', memory: 2Gi}}",
        "{replicas: 3, availability: {podDisruptionBudget: {minAvailable: 2}}}",
        "autoscaling: {minReplicas: 3, maxReplicas: 3}",
        "auth: {tokenTtl: 30m, maxTokenTtl: 1h}",
        "sinks: {webhook: {enabled: true, url: 'https://x.test'}, file: {enabled: true, path: /var/lib/eventqueue/a.jsonl}}",
        "tracing: {enabled: true, endpoint: 'http://otel:4317'}",
        "network: {apiFrom: [{podSelector: {}}], metricsFrom: [{namespaceSelector: {}}]}",
        "eventTypes: [{type: a, schema: {type: object}}, {type: 'b.*', schemaFrom: {name: s, key: k}}]",
    })
    void acceptsTheSameSectionsWhenConsistent(String spec) throws IOException {
        assertThat(violations(spec)).isEmpty();
    }
}
