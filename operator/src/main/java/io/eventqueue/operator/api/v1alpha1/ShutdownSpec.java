package io.eventqueue.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record ShutdownSpec(
        @JsonPropertyDescription("Time a pod drains its queue after SIGTERM; the runtime exits within this + 4s, abandoning "
                + "deliveries still in flight (the journal redelivers them after restart). "
                + "terminationGracePeriodSeconds = preStop delay + this + 5s.")
        @Default("30s") @Pattern(Specs.DURATION) String drainTimeout) {
}
