package io.eventqueue.runtime.log.kafka;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.eventqueue.runtime.config.KafkaSettings;
import io.eventqueue.runtime.event.CloudEventReader;
import io.eventqueue.runtime.event.CloudEventWriter;
import io.eventqueue.runtime.event.Event;
import io.eventqueue.runtime.event.EventDraft;
import io.eventqueue.runtime.event.EventRejectedException;
import io.eventqueue.runtime.event.EventValidator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import io.cloudevents.core.message.Encoding;
import io.cloudevents.kafka.CloudEventSerializer;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * Events as records of the CloudEvents Kafka protocol binding, binary mode: attributes in {@code ce_} headers, data
 * as the value, the partition key as the record key. The runtime's own metadata travels in namespaced extensions
 * ({@code eqreceivedat}); the trace context in the standard {@code traceparent}/{@code tracestate} extensions.
 */
final class KafkaRecords {
    static final String RECEIVED_AT = "eqreceivedat";
    /** The CloudEvents partitioning extension: its value is the record key. */
    static final String PARTITION_KEY = "partitionkey";

    private final String topic;
    private final KafkaSettings.PartitionKey partitionKey;
    private final EventValidator validator;
    private final CloudEventSerializer serializer = new CloudEventSerializer();

    KafkaRecords(String topic, KafkaSettings.PartitionKey partitionKey, EventValidator validator) {
        this.topic = topic;
        this.partitionKey = partitionKey;
        this.validator = validator;
        serializer.configure(Map.of(CloudEventSerializer.ENCODING_CONFIG, Encoding.BINARY), false);
    }

    ProducerRecord<String, byte[]> record(Event event) {
        CloudEventBuilder builder = CloudEventBuilder.v1(CloudEventWriter.toCloudEvent(event))
                .withExtension(RECEIVED_AT, event.receivedAt().toString());
        Headers headers = new RecordHeaders();
        byte[] value = serializer.serialize(topic, headers, builder.build());
        return new ProducerRecord<>(topic, null, key(event), value, headers);
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
        Instant receivedAt = received == null ? Instant.ofEpochMilli(record.timestamp()) : Instant.parse(received.toString());
        EventDraft draft = CloudEventReader.toDraft(ce, size);
        Map<String, Object> extensions = new TreeMap<>(draft.extensions());
        extensions.remove(RECEIVED_AT);
        EventDraft asAccepted = new EventDraft(draft.style(), draft.id(), draft.type(), draft.source(), draft.time(),
                draft.subject(), draft.data(), draft.dataContentType(), draft.dataSchema(), extensions,
                draft.encodedBytes(), draft.trace());
        return validator.validate(asAccepted, String.valueOf(ce.getSource()), receivedAt);
    }
}
