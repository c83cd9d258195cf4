package io.eventqueue.operator.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FieldValidateable.Validation;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What `kubectl apply` of a bad EventQueue answers on a real API server: the CRD's bounds, enums, patterns, CEL rules
 * and pruning, all refused before the operator sees anything, with a message that names the field.
 */
@ExtendWith(ControlPlaneExtension.class)
class AdmissionTest {

    @BeforeEach
    void crd(TestCluster cluster) {
        cluster.installCrd();
    }

    private static GenericKubernetesResource eventQueue(String name, String spec) {
        return Serialization.unmarshal("""
                apiVersion: eventqueue.io/v1alpha1
                kind: EventQueue
                metadata:
                  name: %s
                spec: %s
                """.formatted(name, spec), GenericKubernetesResource.class);
    }

    private static GenericKubernetesResource apply(TestCluster cluster, String name, String spec) {
        return cluster.admin().genericKubernetesResources("eventqueue.io/v1alpha1", "EventQueue")
                .inNamespace(cluster.namespace()).resource(eventQueue(name, spec))
                .fieldValidation(Validation.STRICT).fieldManager("kubectl").forceConflicts().serverSideApply();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        // bounds
        "{replicas: 0}|spec.replicas: Invalid value: 0: spec.replicas in body should be greater than or equal to 1",
        "{replicas: 101}|spec.replicas: Invalid value: 101: spec.replicas in body should be less than or equal to 100",
        "{queue: {capacity: 0}}|spec.queue.capacity in body should be greater than or equal to 1",
        "{queue: {workers: 257}}|spec.queue.workers in body should be less than or equal to 256",
        "{queue: {highWaterMark: 1.5}}|spec.queue.highWaterMark in body should be less than or equal to 1",
        "{autoscaling: {maxReplicas: 3, targetCpuUtilization: 5}}|spec.autoscaling.targetCpuUtilization in body should be greater than or equal to 10",
        "{sinks: {file: {maxFiles: 0}}}|spec.sinks.file.maxFiles in body should be greater than or equal to 1",
        "{availability: {progressDeadlineSeconds: 10}}|spec.availability.progressDeadlineSeconds in body should be greater than or equal to 30",
        "{availability: {progressDeadlineSeconds: 7200}}|spec.availability.progressDeadlineSeconds in body should be less than or equal to 3600",
        // enums
        "{imagePullPolicy: Sometimes}|spec.imagePullPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"IfNotPresent\", \"Never\"",
        "{durability: {mode: disk}}|spec.durability.mode: Unsupported value: \"disk\"",
        "{durability: {fsync: sometimes}}|spec.durability.fsync: Unsupported value: \"sometimes\"",
        "{availability: {podAntiAffinity: always}}|spec.availability.podAntiAffinity: Unsupported value: \"always\"",
        "{availability: {topologySpread: {zone: Always}}}|spec.availability.topologySpread.zone: Unsupported value: \"Always\"",
        "{tracing: {protocol: http}}|spec.tracing.protocol: Unsupported value: \"http\"",
        "{logging: {level: verbose}}|spec.logging.level: Unsupported value: \"verbose\"",
        // patterns
        "{queue: {maxBytes: 64MB}}|spec.queue.maxBytes in body should match",
        "{resources: {requests: {cpu: lots}}}|spec.resources.requests.cpu in body should match",
        "{auth: {tokenTtl: 1 hour}}|spec.auth.tokenTtl in body should match",
        "{auth: {adminSecretRef: {name: My_Secret}}}|spec.auth.adminSecretRef.name in body should match",
        "{tls: {secretName: Not_A_Name}}|spec.tls.secretName in body should match",
        "{sinks: {webhook: {enabled: true, url: 'ftp://sink.test'}}}|spec.sinks.webhook.url in body should match",
        // CEL rules
        "{resources: {requests: {cpu: 500m, memory: 1Gi}, limits: {cpu: '1', memory: 1Gi}}}|spec.resources: Invalid value: resources.limits must equal resources.requests",
        "{resources: {requests: {cpu: '1', memory: 1Gi}, limits: {cpu: 1000m, memory: 1025Mi}}}|resources.limits must equal resources.requests",
        "{replicas: 2, availability: {podDisruptionBudget: {minAvailable: 2}}}|minAvailable must be less than replicas",
        "{replicas: 5, autoscaling: {minReplicas: 2, maxReplicas: 6}, availability: {podDisruptionBudget: {minAvailable: 2}}}|minAvailable must be less than autoscaling.minReplicas",
        "{replicas: 3, availability: {podDisruptionBudget: {minAvailable: 1, maxUnavailable: 1}}}|spec.availability.podDisruptionBudget: Invalid value: set either availability.podDisruptionBudget.maxUnavailable or minAvailable",
        "{autoscaling: {minReplicas: 5, maxReplicas: 3}}|spec.autoscaling: Invalid value: autoscaling.minReplicas must not exceed",
        "{auth: {tokenTtl: 48h}}|spec.auth: Invalid value: auth.tokenTtl must not be longer than auth.maxTokenTtl",
        "{delivery: {backoffBase: 1m, backoffMax: 10s}}|spec.delivery: Invalid value: delivery.backoffBase must not be longer",
        "{rateLimit: {globalRate: 10, perClientRate: 20}}|spec.rateLimit: Invalid value: rateLimit.perClientRate must not exceed",
        "{sinks: {webhook: {enabled: true}}}|spec.sinks.webhook: Invalid value: sinks.webhook.url is required",
        "{sinks: {file: {path: /etc/passwd}}}|spec.sinks.file: Invalid value: sinks.file.path must be under /var/lib/eventqueue/",
        "{sinks: {file: {path: /var/lib/eventqueue/../../etc/passwd}}}|sinks.file.path must be under /var/lib/eventqueue/ without '..' segments",
        "{sinks: {file: {path: /var/lib/eventqueue/logs/..}}}|sinks.file.path must be under /var/lib/eventqueue/ without '..' segments",
        "{tracing: {enabled: true}}|spec.tracing: Invalid value: tracing.endpoint is required",
        "{network: {apiFrom: [{}]}}|spec.network.apiFrom[0]: Invalid value: a network peer needs namespaceSelector, podSelector or both",
        "{eventTypes: [{type: a, schema: {type: object}, schemaFrom: {name: s, key: k}}]}|spec.eventTypes[0]: Invalid value: give schema or schemaFrom, not both",
        "{durability: {journalMaxBytes: 4GiB, volumeSizeLimit: 1Gi}}|spec.durability: Invalid value: durability.journalMaxBytes must not exceed durability.volumeSizeLimit",
        "{durability: {journalMaxBytes: 3GiB}}|durability.journalMaxBytes must not exceed durability.volumeSizeLimit",
        "{durability: {journalMaxBytes: 1025MiB, volumeSizeLimit: 1Gi}}|durability.journalMaxBytes must not exceed",
        "{durability: {journalMaxBytes: 2000000000B, volumeSizeLimit: 1G}}|durability.journalMaxBytes must not exceed",
        "{durability: {mode: kafka}}|spec: Invalid value: kafka is required with durability.mode kafka, and only then",
        "{kafka: {bootstrapServers: 'k:9092'}}|kafka is required with durability.mode kafka, and only then",
        "{durability: {mode: kafka}, kafka: {bootstrapServers: 'k:9092', replicationFactor: 1}}|spec.kafka: Invalid value: kafka.minInsyncReplicas must not exceed kafka.replicationFactor",
    })
    void refusesAnInvalidSpecWithA422NamingTheField(String spec, String message, TestCluster cluster) {
        KubernetesClientException refused = catchThrowableOfType(KubernetesClientException.class,
                () -> apply(cluster, "bad", spec));

        assertThat(refused).as("accepted: " + spec).isNotNull();
        assertThat(refused.getCode()).as(refused.getMessage()).isEqualTo(422);
        assertThat(refused.getMessage()).contains(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"{replica: 2}|spec.replica", "{queue: {size: 10}}|spec.queue.size"})
    void refusesAnUnknownFieldNamingIt(String spec, String field, TestCluster cluster) {
        KubernetesClientException refused = catchThrowableOfType(KubernetesClientException.class,
                () -> cluster.admin().genericKubernetesResources("eventqueue.io/v1alpha1", "EventQueue")
                        .inNamespace(cluster.namespace()).resource(eventQueue("typo", spec))
                        .fieldValidation(Validation.STRICT).create());

        assertThat(refused).as("accepted: " + spec).isNotNull();
        assertThat(refused.getCode()).as(refused.getMessage()).isEqualTo(400);
        assertThat(refused.getMessage()).contains("strict decoding error: unknown field \"" + field + "\"");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{resources: {requests: {cpu: '1', memory: 1Gi}, limits: {cpu: 1000m, memory: 1024Mi}}}",
        "{resources: {requests: {cpu: '0.5', memory: 512Mi}, limits: {cpu: 500m, memory: 0.5Gi}}}",
        "{resources: {requests: {cpu: 2000m, memory: 2048Mi}, limits: {cpu: '2', memory: 2Gi}}}",
        "{sinks: {file: {enabled: true, path: /var/lib/eventqueue/archive/a..b.jsonl}}}",
        "{replicas: 3, availability: {podDisruptionBudget: {minAvailable: 2}}}",
        "{auth: {tokenTtl: 30m, maxTokenTtl: 1h}}",
        "{autoscaling: {minReplicas: 3, maxReplicas: 3}}",
        "{sinks: {webhook: {enabled: true, url: 'https://x.test'}, file: {enabled: true, path: /var/lib/eventqueue/a.jsonl}}}",
        "{tracing: {enabled: true, endpoint: 'http://otel:4317'}}",
        "{network: {apiFrom: [{podSelector: {}}], metricsFrom: [{namespaceSelector: {}}]}}",
        "{eventTypes: [{type: a, schema: {type: object}}, {type: 'b.*', schemaFrom: {name: s, key: k}}]}",
        "{durability: {journalMaxBytes: 1GiB, volumeSizeLimit: 1Gi}}",
        "{durability: {journalMaxBytes: 512MiB, volumeSizeLimit: '0.5Gi'}}",
        "{durability: {journalMaxBytes: 900MiB, volumeSizeLimit: 1G}}",
        "{durability: {journalMaxBytes: '1048576', volumeSizeLimit: 1Mi}}",
        "{durability: {mode: memory, journalMaxBytes: 4GiB, volumeSizeLimit: 256Mi}}",
        "{durability: {mode: kafka}, kafka: {bootstrapServers: 'k:9092,l:9093', replicationFactor: 1, minInsyncReplicas: 1, tls: {caSecretName: ca}, sasl: {mechanism: SCRAM-SHA-512, secretName: user}}}",
    })
    void acceptsEqualQuantitiesWrittenDifferentlyAndConsistentSections(String spec, TestCluster cluster) {
        GenericKubernetesResource applied = apply(cluster, "good", spec);

        assertThat(applied.getMetadata().getGeneration()).isEqualTo(1L);
    }

    @Test
    void kubectlPrintsTheRefusalAPersonReads(TestCluster cluster) {
        Processes.Result result = cluster.kubectlWithInput("""
                apiVersion: eventqueue.io/v1alpha1
                kind: EventQueue
                metadata:
                  name: bad
                spec:
                  replicas: 2
                  resources: {requests: {cpu: 500m}, limits: {cpu: '1'}}
                """, "apply", "--server-side", "-f", "-");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("The EventQueue \"bad\" is invalid", "spec.resources",
                "resources.limits must equal resources.requests (cpu and memory)");
    }
}
