package io.eventqueue.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record TlsSpec(
        @JsonPropertyDescription("Secret of type kubernetes.io/tls (tls.crt, tls.key) in the same namespace, e.g. from cert-manager.")
        @Required @Pattern("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$") String secretName,
        @JsonPropertyDescription("Require client certificates signed by the ca.crt of the same Secret (mutual TLS).")
        @Default("false") Boolean clientAuth) {
}
