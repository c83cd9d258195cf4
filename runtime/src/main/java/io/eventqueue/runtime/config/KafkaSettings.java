package io.eventqueue.runtime.config;

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
        List<String> servers = v.optional("kafka.bootstrap-servers").map(KafkaSettings::servers).orElse(List.of());
        if (required && servers.isEmpty()) {
            throw new ConfigException("kafka.bootstrap-servers", "required when durability=kafka (host:port,…)");
        }
        String topic = v.string("kafka.topic");
        if (!topic.matches("[a-zA-Z0-9._-]{1,200}")) {
            throw new ConfigException("kafka.topic", "must be 1–200 characters of a-z A-Z 0-9 . _ -, got '" + topic + "'");
        }
        String group = v.string("kafka.group-id");
        if (group.isBlank() || group.length() > 200) {
            throw new ConfigException("kafka.group-id", "must be 1–200 characters");
        }
        Optional<String> instance = v.optional("kafka.instance-id").filter(s -> !s.isBlank());
        Optional<Path> cert = RuntimeConfig.readablePath(v, "kafka.tls.cert-file");
        Optional<Path> key = RuntimeConfig.readablePath(v, "kafka.tls.key-file");
        if (cert.isPresent() != key.isPresent()) {
            throw new ConfigException(cert.isPresent() ? "kafka.tls.key-file" : "kafka.tls.cert-file",
                    "kafka.tls.cert-file and kafka.tls.key-file go together (a client certificate and its key)");
        }
        SaslMechanism sasl = sasl(v.string("kafka.sasl.mechanism"));
        Optional<Secret> user = RuntimeConfig.readSecretFile(v, "kafka.sasl.username-file");
        Optional<Secret> password = RuntimeConfig.readSecretFile(v, "kafka.sasl.password-file");
        if (sasl != SaslMechanism.NONE && user.isEmpty()) {
            throw new ConfigException("kafka.sasl.username-file", "required when kafka.sasl.mechanism is " + sasl);
        }
        if (sasl != SaslMechanism.NONE && password.isEmpty()) {
            throw new ConfigException("kafka.sasl.password-file", "required when kafka.sasl.mechanism is " + sasl);
        }
        int partitions = v.integer("kafka.partitions", 1, 10_000);
        int replication = v.integer("kafka.replication-factor", 1, 32);
        int minIsr = v.integer("kafka.min-insync-replicas", 1, 32);
        if (minIsr > replication) {
            throw new ConfigException("kafka.min-insync-replicas", "must not exceed kafka.replication-factor ("
                    + replication + ")");
        }
        return new KafkaSettings(servers, topic, v.bool("kafka.topics.create"), partitions, (short) replication, minIsr,
                group, instance, v.choice("kafka.partition-key", PartitionKey.class),
                RuntimeConfig.readablePath(v, "kafka.tls.ca-file"), cert, key, sasl, user, password,
                v.duration("kafka.produce-timeout", Duration.ofMillis(100), Duration.ofMinutes(5)),
                v.size("kafka.max-in-flight-bytes", 1L << 20, 1L << 34),
                maxRecordBytes(v, required, maxEventBytes),
                v.integer("kafka.consumer.max-poll-records", 1, 100_000),
                v.duration("kafka.consumer.max-poll-interval", Duration.ofSeconds(10), Duration.ofHours(1)),
                v.duration("kafka.consumer.session-timeout", Duration.ofSeconds(1), Duration.ofMinutes(30)),
                v.duration("kafka.commit-interval", Duration.ofMillis(10), Duration.ofMinutes(5)),
                v.duration("kafka.start-timeout", Duration.ofSeconds(1), Duration.ofMinutes(10)),
                v.integer("kafka.retry.in-memory-attempts", 1, 100));
    }

    /** Every admitted event fits in a record, so an event over the limit is refused (413) before it is produced. */
    private static int maxRecordBytes(ConfigValues v, boolean required, long maxEventBytes) {
        long bytes = v.size("kafka.max-record-bytes", 1L << 10, 64L << 20);
        if (required && bytes < maxEventBytes + RECORD_OVERHEAD_BYTES) {
            throw new ConfigException("kafka.max-record-bytes", "must be at least queue.max-event-bytes + 16KiB ("
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
                throw new ConfigException("kafka.bootstrap-servers", "expected host:port[,host:port…], got '" + server + "'");
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
        throw new ConfigException("kafka.sasl.mechanism", "must be none, PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512, got '"
                + value + "'");
    }
}
