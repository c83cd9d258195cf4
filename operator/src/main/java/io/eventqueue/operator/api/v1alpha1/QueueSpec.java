package io.eventqueue.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record QueueSpec(
        @JsonPropertyDescription("Max events queued per pod; beyond it POST answers 503 with Retry-After.")
        @Default("10000") @Min(1) @Max(10000000) Integer capacity,
        @JsonPropertyDescription("Max bytes of queued events per pod (runtime size: 64MiB).")
        @Default("64MiB") @Pattern(Specs.SIZE) String maxBytes,
        @JsonPropertyDescription("Worker threads per pod.")
        @Default("4") @Min(1) @Max(256) Integer workers,
        @JsonPropertyDescription("One event's max encoded size; larger events answer 413.")
        @Default("64KiB") @Pattern(Specs.SIZE) String maxEventBytes,
        @JsonPropertyDescription("Max events in one batch request.")
        @Default("1000") @Min(1) @Max(100000) Integer batchMax,
        @JsonPropertyDescription("Fraction of capacity counted as high water; used only with unreadyAboveHighWater.")
        @Default("0.9") @Min(0.1) @Max(1) Double highWaterMark,
        @JsonPropertyDescription("Opt-in: the pod also reports not ready while its queue is at or above the high-water "
                + "mark. Off by default: readiness means able to serve, and a full queue answers 503 with Retry-After; "
                + "if every saturated pod turned unready the Service would have no endpoints.")
        @Default("false") Boolean unreadyAboveHighWater) {
}
