package io.eventqueue.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Arrays;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The Kafka cluster of {@code durability.mode: kafka}: the runtime's {@code kafka.*} keys. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.minInsyncReplicas) || !has(self.replicationFactor)"
        + " || self.minInsyncReplicas <= self.replicationFactor",
        message = "kafka.minInsyncReplicas must not exceed kafka.replicationFactor")
public record KafkaSpec(
        @JsonPropertyDescription("Bootstrap servers, host:port[,host:port…] (e.g. my-cluster-kafka-bootstrap.kafka:9093).")
        @Required @Pattern("^[A-Za-z0-9.-]+:[0-9]{1,5}(,[A-Za-z0-9.-]+:[0-9]{1,5}){0,31}$") String bootstrapServers,
        @JsonPropertyDescription("Events topic; dead letters go to <topic>.dlq. Default: eventqueue.<namespace>.<name>.")
        @Pattern("^[a-zA-Z0-9._-]{1,200}$") String topic,
        @JsonPropertyDescription("Create missing topics at start (Admin API). Otherwise a missing topic stops the pods' start, naming it.")
        @Default("false") Boolean createTopics,
        @JsonPropertyDescription("Partitions of the events topic (the most pods that deliver in parallel).")
        @Default("6") @Min(1) @Max(10000) Integer partitions,
        @JsonPropertyDescription("Replication factor of created topics.")
        @Default("3") @Min(1) @Max(32) Integer replicationFactor,
        @JsonPropertyDescription("min.insync.replicas of created topics; a 202 needs that many replicas.")
        @Default("2") @Min(1) @Max(32) Integer minInsyncReplicas,
        @JsonPropertyDescription("TLS to the brokers. Plaintext when absent.")
        KafkaTlsSpec tls,
        @JsonPropertyDescription("SASL authentication to the brokers. None when absent.")
        KafkaSaslSpec sasl) {

    /** The port of every bootstrap server (for the egress policy). */
    public List<Integer> ports() {
        return Arrays.stream(bootstrapServers.split(","))
                .map(s -> Integer.parseInt(s.substring(s.lastIndexOf(':') + 1))).distinct().toList();
    }

    /** TLS: the CA to trust, and optionally a client certificate (mutual TLS). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record KafkaTlsSpec(
            @JsonPropertyDescription("Secret with ca.crt: the CA certificates the brokers' certificates chain to.")
            @Required @Pattern("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$") String caSecretName,
            @JsonPropertyDescription("Secret of type kubernetes.io/tls (tls.crt, tls.key): the client certificate.")
            @Pattern("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$") String clientSecretName) {
    }

    /** SASL: a mechanism and the Secret with its username and password. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record KafkaSaslSpec(
            @JsonPropertyDescription("SASL mechanism.")
            @Required Mechanism mechanism,
            @JsonPropertyDescription("Secret with the keys username and password (e.g. a Strimzi KafkaUser's with a username key added).")
            @Required @Pattern("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$") String secretName) {
    }

    public enum Mechanism {
        @JsonProperty("SCRAM-SHA-512") SCRAM_SHA_512,
        @JsonProperty("SCRAM-SHA-256") SCRAM_SHA_256,
        PLAIN;

        /** The runtime's {@code kafka.sasl.mechanism} value. */
        public String value() {
            return name().replace('_', '-');
        }
    }
}
