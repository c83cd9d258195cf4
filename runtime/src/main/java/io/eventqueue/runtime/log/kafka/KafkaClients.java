package io.eventqueue.runtime.log.kafka;

import io.cloudevents.kafka.CloudEventDeserializer;
import io.eventqueue.runtime.config.KafkaSettings;
import io.eventqueue.runtime.config.Secret;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The client properties of {@code kafka.*}: connection and security shared by the producer, consumer and admin. */
final class KafkaClients {
    private KafkaClients() {
    }

    static Map<String, Object> common(KafkaSettings k) {
        Map<String, Object> p = new HashMap<>();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, String.join(",", k.bootstrapServers()));
        boolean tls = k.tlsCaFile().isPresent() || k.tlsCertFile().isPresent();
        boolean sasl = k.saslMechanism() != KafkaSettings.SaslMechanism.NONE;
        p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG,
                sasl ? (tls ? "SASL_SSL" : "SASL_PLAINTEXT") : (tls ? "SSL" : "PLAINTEXT"));
        k.tlsCaFile().ifPresent(ca -> {
            p.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PEM");
            p.put(SslConfigs.SSL_TRUSTSTORE_CERTIFICATES_CONFIG, read(ca));
        });
        if (k.tlsCertFile().isPresent()) {
            p.put(SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, "PEM");
            p.put(SslConfigs.SSL_KEYSTORE_CERTIFICATE_CHAIN_CONFIG, read(k.tlsCertFile().get()));
            p.put(SslConfigs.SSL_KEYSTORE_KEY_CONFIG, read(k.tlsKeyFile().orElseThrow()));
        }
        if (sasl) {
            p.put(SaslConfigs.SASL_MECHANISM, k.saslMechanism().toString());
            String module = k.saslMechanism() == KafkaSettings.SaslMechanism.PLAIN
                    ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                    : "org.apache.kafka.common.security.scram.ScramLoginModule";
            p.put(SaslConfigs.SASL_JAAS_CONFIG, module + " required username=\"" + quoted(k.saslUsername().orElseThrow())
                    + "\" password=\"" + quoted(k.saslPassword().orElseThrow()) + "\";");
        }
        return p;
    }

    /**
     * acks=all and idempotence: a 202 means every in-sync replica has the record, and a producer retry never writes
     * it twice. Every wait is bounded by {@code kafka.produce-timeout}, so an outage cannot pin request threads.
     */
    static Map<String, Object> producer(KafkaSettings k) {
        Map<String, Object> p = common(k);
        long timeout = k.produceTimeout().toMillis();
        long linger = 1;
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, linger);
        // A batch request's records share a key and so a partition: 64 KiB batches carry a request's 100 events in
        // one producer batch (the 16 KiB default split them), fewer batches for the sender thread and the brokers.
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 << 10);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(1, timeout - linger));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, k.maxRecordBytes());
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Math.max(k.maxInFlightBytes(), k.maxRecordBytes()));
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        // Values are bytes: events serialized by KafkaRecords (CloudEvents binding), dead letters by the store.
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return p;
    }

    /**
     * Offsets are committed by the log only (never automatically); cooperative-sticky assignment and static
     * membership keep a rolling update from revoking every partition of every pod.
     */
    static Map<String, Object> consumer(KafkaSettings k) {
        Map<String, Object> p = common(k);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, k.groupId());
        k.instanceId().ifPresent(id -> p.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, id));
        p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, k.maxPollRecords());
        // Under load the broker would answer a fetch per produced batch: letting 64 KiB gather (at most 20 ms) means
        // fewer fetches for the broker to serve and the consumer to handle, for at most 20 ms more before delivery.
        p.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 64 << 10);
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20);
        p.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) k.maxPollInterval().toMillis());
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) k.sessionTimeout().toMillis());
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) Math.max(100, k.sessionTimeout().toMillis() / 3));
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, CloudEventDeserializer.class);
        return p;
    }

    /** A group-less reader of the dead-letter topic (assigned partitions, read from the start at start-up). */
    static Map<String, Object> reader(KafkaSettings k) {
        Map<String, Object> p = common(k);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return p;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String quoted(Secret secret) {
        return secret.asString().replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
