package io.eventqueue.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
// Guarded with has(): the API server checks each rule against the section's own default ({}) too, before nested
// defaults are filled in; on a stored object the defaults are always there.
@ValidationRule(value = "!has(self.backoffBase) || !has(self.backoffMax) || duration(self.backoffBase) <= duration(self.backoffMax)",
        message = "delivery.backoffBase must not be longer than delivery.backoffMax")
public record DeliverySpec(
        @JsonPropertyDescription("Attempts per sink before an event is dead-lettered.")
        @Default("3") @Min(1) @Max(100) Integer maxAttempts,
        @JsonPropertyDescription("First retry delay (exponential backoff with full jitter).")
        @Default("100ms") @Size(max = 16) @Pattern(Specs.DURATION) String backoffBase,
        @JsonPropertyDescription("Retry delay cap.")
        @Default("10s") @Size(max = 16) @Pattern(Specs.DURATION) String backoffMax) {
}
