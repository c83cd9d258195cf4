package io.eventqueue.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
// Guarded with has(): the API server checks each rule against the section's own default ({}) too, before nested
// defaults are filled in; on a stored object the defaults are always there.
@ValidationRule(value = "!has(self.tokenTtl) || !has(self.maxTokenTtl) || duration(self.tokenTtl) <= duration(self.maxTokenTtl)",
        message = "auth.tokenTtl must not be longer than auth.maxTokenTtl")
public record AuthSpec(
        @JsonPropertyDescription("Default lifetime of an issued token.")
        @Default("1h") @Size(max = 16) @Pattern(Specs.DURATION) String tokenTtl,
        @JsonPropertyDescription("Longest lifetime a token request may ask for.")
        @Default("24h") @Size(max = 16) @Pattern(Specs.DURATION) String maxTokenTtl,
        @JsonPropertyDescription("GET /v1/stats requires the reader role.")
        @Default("false") Boolean statsRequireReader,
        @JsonPropertyDescription("Secret (same namespace) holding admin-user, admin-password and jwt-key. When absent the operator generates one, once.")
        SecretReference adminSecretRef) {
}
