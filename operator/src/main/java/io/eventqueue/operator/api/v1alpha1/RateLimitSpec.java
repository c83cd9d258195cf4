package io.eventqueue.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
// Guarded with has(): the API server checks each rule against the section's own default ({}) too, before nested
// defaults are filled in; on a stored object the defaults are always there.
@ValidationRule(value = "!has(self.perClientRate) || !has(self.globalRate) || self.perClientRate <= self.globalRate",
        message = "rateLimit.perClientRate must not exceed rateLimit.globalRate")
public record RateLimitSpec(
        @JsonPropertyDescription("Turn rate limiting on.")
        @Default("false") Boolean enabled,
        @JsonPropertyDescription("Events per second for the whole instance (each pod gets its share).")
        @Default("1000") @Min(1) @Max(10000000) Integer globalRate,
        @JsonPropertyDescription("Bucket size for the whole instance; default = globalRate.")
        @Min(1) @Max(10000000) Integer globalBurst,
        @JsonPropertyDescription("Events per second per client (JWT subject, else remote address) for the whole instance.")
        @Default("100") @Min(1) @Max(10000000) Integer perClientRate,
        @JsonPropertyDescription("Per-client bucket size for the whole instance; default = perClientRate.")
        @Min(1) @Max(10000000) Integer perClientBurst) implements DerivedDefaults<RateLimitSpec> {

    /** A burst defaults to its rate (one second's worth). */
    @Override
    public RateLimitSpec withDerivedDefaults() {
        return new RateLimitSpec(enabled, globalRate, globalBurst == null ? globalRate : globalBurst, perClientRate,
                perClientBurst == null ? perClientRate : perClientBurst);
    }
}
