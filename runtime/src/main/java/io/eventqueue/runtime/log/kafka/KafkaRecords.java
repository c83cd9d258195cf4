package io.eventqueue.runtime.log.kafka;

import io.cloudevents.CloudEvent;
import io.eventqueue.runtime.config.KafkaSettings;
import io.eventqueue.runtime.event.CloudEventReader;
import io.eventqueue.runtime.event.CloudEventWriter;
import io.eventqueue.runtime.event.Event;
import io.eventqueue.runtime.event.EventDraft;
import io.eventqueue.runtime.event.EventRejectedException;
import io.eventqueue.runtime.event.EventValidator;
import io.eventqueue.runtime.event.Timestamps;
import io.eventqueue.runtime.log.EventLog;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import io.cloudevents.core.message.Encoding;
import io.cloudevents.kafka.CloudEventSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Events as records of the CloudEvents Kafka protocol binding, binary mode: attributes in {@code ce_} headers, data
 * as the value, the partition key as the record key. The runtime's own metadata travels in namespaced extensions
 * ({@code eqreceivedat}); the trace context in the standard {@code traceparent}/{@code tracestate} extensions. A
 * retry is the same record on the retry topic, with the target, attempt counts and not-before time in
 * {@code eq_retry_*} headers.
 */
final class KafkaRecords {
    static final String RECEIVED_AT = "eqreceivedat";
    static final String RETRY_TARGET = "eq_retry_target";
    static final String RETRY_ATTEMPTS = "eq_retry_attempts";
    static final String RETRY_ROUND = "eq_retry_round";
    static final String RETRY_NOT_BEFORE = "eq_retry_not_before";
    static final String RETRY_REASON = "eq_retry_reason";
    /** A reason is for people reading the topic: bounded, so a receiver's long error body cannot bloat records. */
    private static final int MAX_REASON_CHARS = 1024;
    /** The CloudEvents partitioning extension: its value is the record key. */
    static final String PARTITION_KEY = "partitionkey";

    private final String topic;
    private final String retryTopic;
    private final KafkaSettings.PartitionKey partitionKey;
    private final EventValidator validator;
    private final CloudEventSerializer serializer = new CloudEventSerializer();

    KafkaRecords(String topic, String retryTopic, KafkaSettings.PartitionKey partitionKey, EventValidator validator) {
        this.topic = topic;
        this.retryTopic = retryTopic;
        this.partitionKey = partitionKey;
        this.validator = validator;
        serializer.configure(Map.of(CloudEventSerializer.ENCODING_CONFIG, Encoding.BINARY), false);
    }

    ProducerRecord<String, byte[]> record(Event event) {
        Headers headers = new RecordHeaders();
        return new ProducerRecord<>(topic, null, key(event), value(event, headers), headers);
    }

    /** The event as a retry of {@code retry.target()}, due at {@code notBefore}, on the retry topic. */
    ProducerRecord<String, byte[]> retry(Event event, EventLog.Retry retry, Instant notBefore, String reason) {
        Headers headers = new RecordHeaders();
        byte[] value = value(event, headers);
        header(headers, RETRY_TARGET, retry.target());
        header(headers, RETRY_ATTEMPTS, Integer.toString(retry.attemptsSoFar()));
        header(headers, RETRY_ROUND, Integer.toString(retry.roundSoFar()));
        header(headers, RETRY_NOT_BEFORE, notBefore.toString());
        header(headers, RETRY_REASON, reason.length() > MAX_REASON_CHARS ? reason.substring(0, MAX_REASON_CHARS) : reason);
        return new ProducerRecord<>(retryTopic, null, key(event), value, headers);
    }

    /** @return the retry a record of the retry topic carries; empty for a record of the events topic */
    Optional<EventLog.Retry> retryOf(ConsumerRecord<?, ?> record) {
        if (!record.topic().equals(retryTopic)) {
            return Optional.empty();
        }
        String target = header(record, RETRY_TARGET);
        if (target == null) {
            return Optional.empty();
        }
        return Optional.of(new EventLog.Retry(target, Integer.parseInt(header(record, RETRY_ATTEMPTS)),
                Integer.parseInt(header(record, RETRY_ROUND))));
    }

    /** When the record may be delivered: a retry's not-before time, at once for a record of the events topic. */
    Instant notBefore(ConsumerRecord<?, ?> record) {
        String at = record.topic().equals(retryTopic) ? header(record, RETRY_NOT_BEFORE) : null;
        return at == null ? Instant.MIN : Timestamps.parseInstant(at);
    }

    private byte[] value(Event event, Headers headers) {
        CloudEvent ce = CloudEventWriter.builder(event).withExtension(RECEIVED_AT, event.receivedAt().toString()).build();
        return serializer.serialize(topic, headers, ce);
    }

    private static void header(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /**
     * The CloudEvents {@code partitionkey} extension when the event has one (the Kafka binding's rule), else
     * {@code kafka.partition-key}. Events with one key go to one partition, so they keep their order.
     */
    private String key(Event event) {
        Object chosen = event.extensions().get(PARTITION_KEY);
        if (chosen != null) {
            return chosen.toString();
        }
        return switch (partitionKey) {
            case SUBJECT -> event.subject().orElse(null);
            case SOURCE -> event.source();
            case NONE -> null;
        };
    }

    /** @throws EventRejectedException when the record is no event this runtime accepts (any more) */
    Event event(ConsumerRecord<String, CloudEvent> record) throws EventRejectedException {
        CloudEvent ce = record.value();
        if (ce == null) {
            throw new EventRejectedException(EventRejectedException.Reason.MALFORMED, "record without a CloudEvent");
        }
        int size = record.serializedValueSize() < 0 ? 0 : record.serializedValueSize();
        Object received = ce.getExtension(RECEIVED_AT);
        Instant receivedAt = received == null ? Instant.ofEpochMilli(record.timestamp())
                : Timestamps.parseInstant(received.toString());
        EventDraft draft = CloudEventReader.toDraft(ce, size);
        Map<String, Object> extensions = new TreeMap<>(draft.extensions());
        extensions.remove(RECEIVED_AT);
        EventDraft asAccepted = new EventDraft(draft.style(), draft.id(), draft.type(), draft.source(), draft.time(),
                draft.subject(), draft.data(), draft.dataContentType(), draft.dataSchema(), extensions,
                draft.encodedBytes(), draft.trace());
        return validator.validate(asAccepted, String.valueOf(ce.getSource()), receivedAt);
    }
}
