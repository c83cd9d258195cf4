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
// A ".." segment would climb out of the data volume; after the fixed prefix every segment starts with "/".
// Guarded with has(): the API server checks each rule against the section's own default ({}) too, before nested
// defaults are filled in; on a stored object the defaults are always there.
@ValidationRule(value = "!has(self.path) || (self.path.startsWith('/var/lib/eventqueue/') && !self.path.contains('/../') && !self.path.endsWith('/..'))",
        message = "sinks.file.path must be under /var/lib/eventqueue/ without '..' segments: it is the only writable volume of the read-only pod")
public record FileSinkSpec(
        @JsonPropertyDescription("Write processed events to a JSON Lines file.")
        @Default("false") Boolean enabled,
        @JsonPropertyDescription("File path inside the pod's data volume.")
        @Default("/var/lib/eventqueue/events.jsonl") @Size(max = 1024) @Pattern("^/[^\\x00]*$") String path,
        @JsonPropertyDescription("Rotate when the file reaches this size (runtime size).")
        @Default("100MiB") @Pattern(Specs.SIZE) String maxBytes,
        @JsonPropertyDescription("Rotated files kept.")
        @Default("5") @Min(1) @Max(100) Integer maxFiles) {
}
