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
@ValidationRule(value = "!has(self.enabled) || !self.enabled || has(self.url)",
        message = "sinks.webhook.url is required when the webhook sink is enabled")
public record WebhookSinkSpec(
        @JsonPropertyDescription("Send processed events to url.")
        @Default("false") Boolean enabled,
        @JsonPropertyDescription("Receiver URL (http or https).")
        @Pattern("^https?://[^\\s]+$") @Size(max = 2048) String url,
        @JsonPropertyDescription("Per-request timeout.")
        @Default("5s") @Pattern(Specs.DURATION) String timeout,
        @JsonPropertyDescription("CloudEvents HTTP mode.")
        @Default("binary") Mode mode,
        @JsonPropertyDescription("Max requests in flight per pod.")
        @Default("4") @Min(1) @Max(256) Integer concurrency) {

    public enum Mode { binary, structured }
}
