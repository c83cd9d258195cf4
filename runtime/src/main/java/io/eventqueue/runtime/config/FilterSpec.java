package io.eventqueue.runtime.config;

import java.util.List;
import java.util.Map;

/**
 * One filter of a subscription, as Knative Triggers write them ({@code exact}, {@code prefix}, {@code suffix} on any
 * attribute, {@code all}, {@code any}, {@code not}) or a CloudEvents SQL expression ({@code cesql}).
 * {@code at} is the config key path of the filter, named by start-up errors.
 */
public sealed interface FilterSpec {
    String at();

    /** Every attribute named in {@code attributes} equals (or starts with, ends with) its value. */
    record Match(String at, Kind kind, Map<String, String> attributes) implements FilterSpec {
        public Match {
            attributes = Map.copyOf(attributes);
        }
    }

    record All(String at, List<FilterSpec> filters) implements FilterSpec {
        public All {
            filters = List.copyOf(filters);
        }
    }

    record Any(String at, List<FilterSpec> filters) implements FilterSpec {
        public Any {
            filters = List.copyOf(filters);
        }
    }

    record Not(String at, FilterSpec filter) implements FilterSpec {
    }

    record Sql(String at, String expression) implements FilterSpec {
    }

    enum Kind {
        EXACT, PREFIX, SUFFIX
    }
}
