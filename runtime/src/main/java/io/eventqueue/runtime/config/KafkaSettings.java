package io.eventqueue.runtime.config;

import static io.eventqueue.runtime.config.ConfigKeys.*;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code kafka.*} keys: where the cluster is, which topics the log uses, how the runtime authenticates, and the
 * bounds of producing and consuming. Validated whatever the mode (a typo fails fast); required values only when
 * {@code durability=kafka}.
 *
 * @param bootstrapServers {@code host:port} list; empty unless {@code durability=kafka}
 * @param instanceId       static group membership (the pod name), empty for dynamic membership
 * @param inMemoryAttempts delivery attempts per round made in memory before a retry goes to the retry topic
 */
public record KafkaSettings(List<String> bootstrapServers, String topic, boolean createTopics, int partitions,
                            short replicationFactor, int minInsyncReplicas, String groupId, Optional<String> instanceId,
                            PartitionKey partitionKey, Optional<Path> tlsCaFile, Optional<Path> tlsCertFile,
                            Optional<Path> tlsKeyFile, SaslMechanism saslMechanism, Optional<Secret> saslUsername,
                            Optional<Secret> saslPassword, Duration produceTimeout, long maxInFlightBytes,
                            int maxRecordBytes, int maxPollRecords, Duration maxPollInterval, Duration sessionTimeout,
                            Duration commitInterval, Duration startTimeout, int inMemoryAttempts) {

    /** What keys a record when the event has no {@code partitionkey} extension. */
    public enum PartitionKey {
        SUBJECT, SOURCE, NONE;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public enum SaslMechanism {
        NONE("none"), PLAIN("PLAIN"), SCRAM_SHA_256("SCRAM-SHA-256"), SCRAM_SHA_512("SCRAM-SHA-512");

        private final String text;

        SaslMechanism(String text) {
            this.text = text;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** The topic a failed delivery's next attempt waits on once the in-memory attempts are used up. */
    public String retryTopic() {
        return topic + ".retry";
    }

    /** The topic dead letters go to (read by {@code GET /v1/dlq}). */
    public String deadLetterTopic() {
        return topic + ".dlq";
    }

    /** Bytes a record carries besides the event (CloudEvents headers, key, batch framing). */
    public static final int RECORD_OVERHEAD_BYTES = 16 << 10;

    static KafkaSettings from(ConfigValues v, boolean required, long maxEventBytes) {
        List<String> servers = v.optional(KAFKA_BOOTSTRAP_SERVERS).map(KafkaSettings::servers).orElse(List.of());
        if (required && servers.isEmpty()) {
            throw new ConfigException(KAFKA_BOOTSTRAP_SERVERS.name(), "required when durability=kafka (host:port,…)");
        }
        String topic = v.string(KAFKA_TOPIC);
        if (!topic.matches("[a-zA-Z0-9._-]{1,200}")) {
            throw new ConfigException(KAFKA_TOPIC.name(), "must be 1–200 characters of a-z A-Z 0-9 . _ -, got '" + topic + "'");
        }
        String group = v.string(KAFKA_GROUP_ID);
        if (group.isBlank() || group.length() > 200) {
            throw new ConfigException(KAFKA_GROUP_ID.name(), "must be 1–200 characters");
        }
        Optional<String> instance = v.optional(KAFKA_INSTANCE_ID).filter(s -> !s.isBlank());
        Optional<Path> cert = RuntimeConfig.readablePath(v, KAFKA_TLS_CERT_FILE);
        Optional<Path> key = RuntimeConfig.readablePath(v, KAFKA_TLS_KEY_FILE);
        if (cert.isPresent() != key.isPresent()) {
            throw new ConfigException((cert.isPresent() ? KAFKA_TLS_KEY_FILE : KAFKA_TLS_CERT_FILE).name(),
                    "kafka.tls.cert-file and kafka.tls.key-file go together (a client certificate and its key)");
        }
        SaslMechanism sasl = sasl(v.string(KAFKA_SASL_MECHANISM));
        Optional<Secret> user = RuntimeConfig.readSecretFile(v, KAFKA_SASL_USERNAME_FILE);
        Optional<Secret> password = RuntimeConfig.readSecretFile(v, KAFKA_SASL_PASSWORD_FILE);
        if (sasl != SaslMechanism.NONE && user.isEmpty()) {
            throw new ConfigException(KAFKA_SASL_USERNAME_FILE.name(), "required when kafka.sasl.mechanism is " + sasl);
        }
        if (sasl != SaslMechanism.NONE && password.isEmpty()) {
            throw new ConfigException(KAFKA_SASL_PASSWORD_FILE.name(), "required when kafka.sasl.mechanism is " + sasl);
        }
        int partitions = v.integer(KAFKA_PARTITIONS);
        int replication = v.integer(KAFKA_REPLICATION_FACTOR);
        int minIsr = v.integer(KAFKA_MIN_INSYNC_REPLICAS);
        if (minIsr > replication) {
            throw new ConfigException(KAFKA_MIN_INSYNC_REPLICAS.name(), "must not exceed kafka.replication-factor ("
                    + replication + ")");
        }
        return new KafkaSettings(servers, topic, v.bool(KAFKA_TOPICS_CREATE), partitions, (short) replication, minIsr,
                group, instance, v.choice(KAFKA_PARTITION_KEY, PartitionKey.class),
                RuntimeConfig.readablePath(v, KAFKA_TLS_CA_FILE), cert, key, sasl, user, password,
                v.duration(KAFKA_PRODUCE_TIMEOUT),
                v.size(KAFKA_MAX_IN_FLIGHT_BYTES),
                maxRecordBytes(v, required, maxEventBytes),
                v.integer(KAFKA_CONSUMER_MAX_POLL_RECORDS),
                v.duration(KAFKA_CONSUMER_MAX_POLL_INTERVAL),
                v.duration(KAFKA_CONSUMER_SESSION_TIMEOUT),
                v.duration(KAFKA_COMMIT_INTERVAL),
                v.duration(KAFKA_START_TIMEOUT),
                v.integer(KAFKA_RETRY_IN_MEMORY_ATTEMPTS));
    }

    /** Every admitted event fits in a record, so an event over the limit is refused (413) before it is produced. */
    private static int maxRecordBytes(ConfigValues v, boolean required, long maxEventBytes) {
        long bytes = v.size(KAFKA_MAX_RECORD_BYTES);
        if (required && bytes < maxEventBytes + RECORD_OVERHEAD_BYTES) {
            throw new ConfigException(KAFKA_MAX_RECORD_BYTES.name(), "must be at least queue.max-event-bytes + 16KiB ("
                    + (maxEventBytes + RECORD_OVERHEAD_BYTES) + " bytes)");
        }
        return (int) bytes;
    }

    private static List<String> servers(String value) {
        List<String> out = List.of(value.split(","));
        for (String s : out) {
            String server = s.strip();
            int colon = server.lastIndexOf(':');
            if (colon <= 0 || !server.substring(colon + 1).matches("[0-9]{1,5}")) {
                throw new ConfigException(KAFKA_BOOTSTRAP_SERVERS.name(), "expected host:port[,host:port…], got '" + server + "'");
            }
        }
        return out.stream().map(String::strip).toList();
    }

    private static SaslMechanism sasl(String value) {
        for (SaslMechanism m : SaslMechanism.values()) {
            if (m.text.equalsIgnoreCase(value)) {
                return m;
            }
        }
        throw new ConfigException(KAFKA_SASL_MECHANISM.name(), "must be none, PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512, got '"
                + value + "'");
    }
}
