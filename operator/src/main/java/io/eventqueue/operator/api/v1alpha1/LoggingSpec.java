package io.eventqueue.operator.api.v1alpha1;

import static io.eventqueue.operator.api.v1alpha1.Specs.or;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record LoggingSpec(
        @JsonPropertyDescription("Runtime log level. Logs are JSON lines.")
        @Default("info") Level level,
        @JsonPropertyDescription("One access-log line per request.")
        @Default("false") Boolean access) {

    static final LoggingSpec EMPTY = new LoggingSpec(null, null);

    LoggingSpec withDefaults() {
        return new LoggingSpec(or(level, Level.info), or(access, false));
    }

    public enum Level { trace, debug, info, warn, error }
}
