package io.eventqueue.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
// journalMaxBytes is a runtime size (1GiB, 512MiB, 4096B); dropping the "B" makes it a Kubernetes quantity.
// Only the journal mode writes a journal to the volume. The API server also checks the rule against the section's
// default ({}), before the fields' own defaults are filled in: hence the has() guards.
@ValidationRule(value = "!has(self.mode) || self.mode != 'journal' || !has(self.journalMaxBytes)"
        + " || !has(self.volumeSizeLimit) || !quantity(self.journalMaxBytes.replace('iB', 'i').replace('B', ''))"
        + ".isGreaterThan(quantity(self.volumeSizeLimit))",
        message = "durability.journalMaxBytes must not exceed durability.volumeSizeLimit in journal mode: the kubelet "
                + "evicts a pod whose data volume outgrows its limit before the runtime can answer journal-full")
public record DurabilitySpec(
        @JsonPropertyDescription("memory: fastest, queued events are lost when a pod dies. journal: an event is written to the journal before 202. kafka: an event is in a Kafka topic (acks=all) before 202; pods are stateless (set kafka).")
        @Default("journal") Mode mode,
        @JsonPropertyDescription("Journal fsync policy: always (every append), interval (group commit), never (leave it to the OS).")
        @Default("interval") Fsync fsync,
        @JsonPropertyDescription("Group-commit interval when fsync is interval.")
        @Default("10ms") @Pattern(Specs.DURATION) String fsyncInterval,
        @JsonPropertyDescription("Journal disk bound (runtime size); a full journal answers 503.")
        @Default("1GiB") @Pattern(Specs.SIZE) @Size(max = 24) String journalMaxBytes,
        @JsonPropertyDescription("Size limit of the pod's data volume (emptyDir), a Kubernetes quantity. Must be at least journalMaxBytes (the CRD refuses less); keep room for the dead-letter journal and file-sink files.")
        @Default("2Gi") @Pattern(Specs.QUANTITY) @Size(max = 24) String volumeSizeLimit) {

    public enum Mode { memory, journal, kafka }

    public enum Fsync { always, interval, never }
}
