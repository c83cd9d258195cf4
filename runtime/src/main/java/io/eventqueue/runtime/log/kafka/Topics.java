package io.eventqueue.runtime.log.kafka;

import io.eventqueue.runtime.config.ConfigException;
import io.eventqueue.runtime.config.KafkaSettings;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The start-up check of the log's topic: clients never auto-create topics, so it exists with at least the configured
 * partitions, or (with {@code kafka.topics.create=true}) it is created with the configured partitions, replication
 * factor and {@code min.insync.replicas}. Anything else stops the start with one line naming the topic.
 */
final class Topics {
    private Topics() {
    }

    /**
     * The events topic, the retry topic (as many partitions: a retry keeps its key's partition number), then the
     * dead-letter topic (compacted: a replayed dead letter is a tombstone).
     */
    static void ensure(Admin admin, KafkaSettings k) {
        ensure(admin, k, k.topic(), Map.of());
        ensure(admin, k, k.retryTopic(), Map.of());
        ensure(admin, k, k.deadLetterTopic(), Map.of("cleanup.policy", "compact"));
    }

    private static void ensure(Admin admin, KafkaSettings k, String name, Map<String, String> configs) {
        long timeout = k.startTimeout().toMillis();
        try {
            Map<String, TopicDescription> found = describe(admin, name, timeout);
            if (found == null) {
                if (!k.createTopics()) {
                    throw new ConfigException("kafka.topic", "topic '" + name + "' does not exist on "
                            + String.join(",", k.bootstrapServers()) + " (create it, or set kafka.topics.create=true)");
                }
                create(admin, k, name, configs, timeout);
                return;
            }
            int partitions = found.get(name).partitions().size();
            if (name.equals(k.topic()) && partitions < k.partitions()) {
                throw new ConfigException("kafka.partitions", "topic '" + name + "' has " + partitions
                        + " partitions, fewer than kafka.partitions=" + k.partitions());
            }
        } catch (TimeoutException e) {
            throw new ConfigException("kafka.bootstrap-servers", "no answer from " + String.join(",", k.bootstrapServers())
                    + " within kafka.start-timeout=" + k.startTimeout().toSeconds() + "s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigException("kafka.topic", "interrupted while checking topic '" + name + "'");
        }
    }

    /** @return null when the topic does not exist */
    static Map<String, TopicDescription> describe(Admin admin, String topic, long timeoutMillis)
            throws InterruptedException, TimeoutException {
        try {
            return admin.describeTopics(Set.of(topic)).allTopicNames().get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return null;
            }
            throw new ConfigException("kafka.topic", "cannot describe topic '" + topic + "': " + e.getCause().getMessage());
        }
    }

    private static void create(Admin admin, KafkaSettings k, String name, Map<String, String> configs, long timeout)
            throws InterruptedException, TimeoutException {
        Map<String, String> all = new HashMap<>(configs);
        all.put("min.insync.replicas", Integer.toString(k.minInsyncReplicas()));
        NewTopic topic = new NewTopic(name, k.partitions(), k.replicationFactor()).configs(all);
        try {
            admin.createTopics(List.of(topic)).all().get(timeout, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new ConfigException("kafka.topics.create", "cannot create topic '" + name + "': "
                        + e.getCause().getMessage());
            }
        }
    }
}
