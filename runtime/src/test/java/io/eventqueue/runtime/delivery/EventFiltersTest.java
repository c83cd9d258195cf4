package io.eventqueue.runtime.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventqueue.runtime.config.ConfigException;
import io.eventqueue.runtime.config.ConfigLoader;
import io.eventqueue.runtime.config.RuntimeConfig;
import io.eventqueue.runtime.event.Event;
import io.eventqueue.runtime.event.LogEventType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Filters as the config file writes them, against events: Knative Trigger filters and CloudEvents SQL. */
class EventFiltersTest {
    private static final Event ORDER = event("com.example.order.created", "/shop/eu", Optional.of("order-42"));
    private static final Event AUDIT = new Event("id-2", "com.example.audit.login", "/auth", Optional.empty(),
            Instant.parse("2026-12-01T10:00:00Z"), Instant.parse("2026-12-01T10:00:00Z"),
            new LogEventType.LogPayload(LogEventType.Level.INFO, "m"), Optional.of("https://example.com/audit.json"),
            Map.of("tenant", "acme", "priority", 7L), 10, Optional.empty());

    private static Event event(String type, String source, Optional<String> subject) {
        Instant t = Instant.parse("2026-12-01T10:00:00Z");
        return new Event("id-1", type, source, subject, t, t,
                new LogEventType.LogPayload(LogEventType.Level.INFO, "m"), 10);
    }

    /** The subscription's filter after loading {@code filters} through the config loader. */
    private static Predicate<Event> filter(String filtersJson) {
        RuntimeConfig config = ConfigLoader.load(List.of("--subscriptions=[{\"name\":\"s\",\"filters\":" + filtersJson
                + ",\"sink\":{\"log\":{}}}]"), Map.of());
        return new SubscriptionFilter("s", EventFilters.compile(config.delivery().subscriptions().get(0).filters()));
    }

    static Stream<Arguments> filters() {
        return Stream.of(
                Arguments.of("[]", true, true),
                Arguments.of("[{\"exact\":{\"type\":\"com.example.order.created\"}}]", true, false),
                Arguments.of("[{\"prefix\":{\"type\":\"com.example.order.\"}}]", true, false),
                Arguments.of("[{\"suffix\":{\"type\":\".login\"}}]", false, true),
                Arguments.of("[{\"exact\":{\"subject\":\"order-42\"}}]", true, false),
                Arguments.of("[{\"prefix\":{\"type\":\"com.example.\",\"source\":\"/auth\"}}]", false, true),
                Arguments.of("[{\"prefix\":{\"type\":\"com.example.\"}},{\"exact\":{\"source\":\"/shop/eu\"}}]", true, false),
                Arguments.of("[{\"any\":[{\"suffix\":{\"type\":\".created\"}},{\"exact\":{\"source\":\"/auth\"}}]}]", true, true),
                Arguments.of("[{\"all\":[{\"prefix\":{\"type\":\"com.\"}},{\"suffix\":{\"type\":\".login\"}}]}]", false, true),
                Arguments.of("[{\"not\":{\"prefix\":{\"type\":\"com.example.audit.\"}}}]", true, false),
                Arguments.of("[{\"exact\":{\"nosuchattribute\":\"x\"}}]", false, false),
                Arguments.of("[{\"cesql\":\"type LIKE 'com.example.%'\"}]", true, true),
                Arguments.of("[{\"cesql\":\"type = 'com.example.order.created' AND source LIKE '/shop/%'\"}]", true, false),
                Arguments.of("[{\"cesql\":\"EXISTS subject\"}]", true, false),
                Arguments.of("[{\"cesql\":\"subject = 'order-42'\"}]", true, false),
                Arguments.of("[{\"cesql\":\"NOT (type IN ('com.example.audit.login', 'x'))\"}]", true, false),
                Arguments.of("[{\"cesql\":\"specversion = '1.0'\"}]", true, true),
                Arguments.of("[{\"exact\":{\"tenant\":\"acme\"}}]", false, true),
                Arguments.of("[{\"prefix\":{\"dataschema\":\"https://example.com/\"}}]", false, true),
                Arguments.of("[{\"cesql\":\"tenant = 'acme' AND priority > 5\"}]", false, true),
                Arguments.of("[{\"cesql\":\"EXISTS tenant\"}]", false, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("filters")
    void aFilterMatchesTheEventsItNames(String filters, boolean order, boolean audit) {
        Predicate<Event> f = filter(filters);
        assertThat(f.test(ORDER)).as("order event").isEqualTo(order);
        assertThat(f.test(AUDIT)).as("audit event").isEqualTo(audit);
    }

    @Test
    void aCesqlExpressionThatFailsAtRunTimeDoesNotMatchAndDoesNotThrow() {
        Predicate<Event> f = filter("[{\"cesql\":\"INT(subject) > 3\"}]");
        assertThat(f.test(ORDER)).isFalse();
    }

    static Stream<Arguments> badFilters() {
        String deep = "{\"not\":".repeat(5) + "{\"exact\":{\"type\":\"x\"}}" + "}".repeat(5);
        return Stream.of(
                Arguments.of("[{\"cesql\":\"type LIKE\"}]", "subscriptions[0].filters[0].cesql: is not valid CloudEvents SQL"),
                Arguments.of("[{\"cesql\":\"'" + "a".repeat(1100) + "'\"}]", "subscriptions[0].filters[0].cesql: is 1102 characters"),
                Arguments.of("[{\"cesql\":\"type LIKE '" + "%a".repeat(17) + "'\"}]", "has 17 LIKE wildcards"),
                Arguments.of("[" + "{\"exact\":{\"type\":\"x\"}},".repeat(16) + "{\"exact\":{\"type\":\"x\"}}]",
                        "subscriptions[0].filters: at most 16 filters, got 17"),
                Arguments.of("[" + deep + "]", "filters nest at most 4 levels deep"),
                Arguments.of("[{\"regex\":{\"type\":\"x\"}}]", "subscriptions[0].filters[0].regex: unknown filter"),
                Arguments.of("[{\"exact\":{\"Type\":\"x\"}}]", "subscriptions[0].filters[0].exact.Type: attribute names"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badFilters")
    void aBadFilterFailsStartUpWithOneLineNamingItsKey(String filters, String message) {
        assertThatThrownBy(() -> filter(filters)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
