package io.eventqueue.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
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
@ValidationRule(value = "!has(self.enabled) || !self.enabled || has(self.endpoint)",
        message = "tracing.endpoint is required when tracing is enabled")
public record TracingSpec(
        @JsonPropertyDescription("Export OpenTelemetry traces.")
        @Default("false") Boolean enabled,
        @JsonPropertyDescription("OTLP endpoint, e.g. http://otel-collector.monitoring.svc:4317.")
        @Pattern("^https?://[^\\s]+$") @Size(max = 2048) String endpoint,
        @JsonPropertyDescription("OTLP protocol.")
        @Default("grpc") Protocol protocol,
        @JsonPropertyDescription("Fraction of traces sampled, 0..1.")
        @Default("0.1") @Min(0) @Max(1) Double sampleRatio) {

    public enum Protocol {
        grpc("grpc"),
        @JsonProperty("http/protobuf") httpProtobuf("http/protobuf");

        private final String value;

        Protocol(String value) {
            this.value = value;
        }

        /** The runtime's spelling of this protocol. */
        public String value() {
            return value;
        }
    }
}
