package io.eventqueue.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.Default;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record TopologySpreadSpec(
        @JsonPropertyDescription("Spread over topology.kubernetes.io/zone (maxSkew 1): ScheduleAnyway, DoNotSchedule, or Disabled.")
        @Default("ScheduleAnyway") Policy zone,
        @JsonPropertyDescription("Spread over kubernetes.io/hostname (maxSkew 1): ScheduleAnyway, DoNotSchedule, or Disabled.")
        @Default("ScheduleAnyway") Policy hostname,
        @JsonPropertyDescription("Explicit constraints; when non-empty they replace zone and hostname (no merging). A constraint without labelSelector gets this instance's selector.")
        @Size(max = 8) List<TopologySpreadConstraint> constraints) {

    public enum Policy { ScheduleAnyway, DoNotSchedule, Disabled }
}
