package io.eventqueue.operator.api.v1alpha1;

import static io.eventqueue.operator.api.v1alpha1.Specs.or;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record DurabilitySpec(
        @JsonPropertyDescription("memory: fastest, queued events are lost when a pod dies. journal: an event is written to the journal before 202. kafka: an event is in a Kafka topic (acks=all) before 202; pods are stateless (set kafka).")
        @Default("journal") Mode mode,
        @JsonPropertyDescription("Journal fsync policy: always (every append), interval (group commit), never (leave it to the OS).")
        @Default("interval") Fsync fsync,
        @JsonPropertyDescription("Group-commit interval when fsync is interval.")
        @Default("10ms") @Pattern(Specs.DURATION) String fsyncInterval,
        @JsonPropertyDescription("Journal disk bound (runtime size); a full journal answers 503.")
        @Default("1GiB") @Pattern(Specs.SIZE) String journalMaxBytes,
        @JsonPropertyDescription("Size limit of the pod's data volume (emptyDir), a Kubernetes quantity. Keep it above journalMaxBytes plus file-sink files.")
        @Default("2Gi") @Pattern(Specs.QUANTITY) String volumeSizeLimit) {

    static final DurabilitySpec EMPTY = new DurabilitySpec(null, null, null, null, null);

    DurabilitySpec withDefaults() {
        return new DurabilitySpec(or(mode, Mode.journal), or(fsync, Fsync.interval), or(fsyncInterval, "10ms"),
                or(journalMaxBytes, "1GiB"), or(volumeSizeLimit, "2Gi"));
    }

    public enum Mode { memory, journal, kafka }

    public enum Fsync { always, interval, never }
}
