package io.eventqueue.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record LoggingSpec(
        @JsonPropertyDescription("Runtime log level. Logs are JSON lines.")
        @Default("info") Level level,
        @JsonPropertyDescription("One access-log line per request.")
        @Default("false") Boolean access) {

    public enum Level { trace, debug, info, warn, error }
}
