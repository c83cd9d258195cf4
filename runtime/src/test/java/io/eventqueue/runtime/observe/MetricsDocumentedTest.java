package io.eventqueue.runtime.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** docs/operations.md's metric table names exactly the runtime's own meters (in their Prometheus form). */
class MetricsDocumentedTest {
    private static final Path OPERATIONS_DOC = Path.of("..", "docs", "operations.md");
    /** {@code `eventqueue_queue_depth` / `_capacity`}: a name, then suffixes that replace its last word. */
    private static final Pattern CELL = Pattern.compile("`(eventqueue_[a-z0-9_]+)(?:\\{[^}]*})?`((?:\\s*/\\s*`_[a-z0-9_]+`)*)");
    private static final Pattern SUFFIX = Pattern.compile("`(_[a-z0-9_]+)`");

    @Test
    void theMetricTableNamesEveryMeterOfTheCatalogueAndNoOther() throws IOException {
        Set<String> documented = new LinkedHashSet<>();
        for (String line : Files.readAllLines(OPERATIONS_DOC)) {
            if (!line.startsWith("| `eventqueue_")) {
                continue;
            }
            String firstCell = line.substring(1, line.indexOf(" |", 2));
            Matcher m = CELL.matcher(firstCell);
            while (m.find()) {
                String name = m.group(1);
                documented.add(withoutUnitSuffix(name));
                Matcher suffix = SUFFIX.matcher(m.group(2));
                while (suffix.find()) {
                    documented.add(name.substring(0, name.lastIndexOf('_')) + suffix.group(1));
                }
            }
        }

        Set<String> meters = Stream.of(EventQueueMetrics.class, HttpMetrics.class)
                .flatMap(c -> Arrays.stream(c.getDeclaredFields()))
                .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getType() == String.class)
                .map(MetricsDocumentedTest::value)
                .filter(v -> v.startsWith("eventqueue."))
                .map(v -> v.replace('.', '_'))
                .collect(Collectors.toCollection(LinkedHashSet::new));
        assertThat(documented).containsExactlyInAnyOrderElementsOf(meters);
    }

    /** Prometheus adds {@code _total} to counters and {@code _seconds} to timers; the catalogue names omit them. */
    private static String withoutUnitSuffix(String name) {
        return name.replaceFirst("_(total|seconds)$", "");
    }

    private static String value(Field field) {
        try {
            field.setAccessible(true);
            return (String) field.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
