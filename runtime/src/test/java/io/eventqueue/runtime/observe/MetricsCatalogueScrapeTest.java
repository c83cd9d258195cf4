package io.eventqueue.runtime.observe;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.eventqueue.runtime.observe.PrometheusText.Family;
import io.eventqueue.runtime.observe.PrometheusText.Sample;
import io.eventqueue.runtime.testing.Await;
import io.eventqueue.runtime.testing.KafkaBrokers;
import io.eventqueue.runtime.testing.TestRuntime;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every meter of the catalogue ({@link EventQueueMetrics}, {@link HttpMetrics}) and every metric the README and docs
 * name, scraped from {@code /metrics} of the runtime as {@code Main} composes it, in each durability mode, after one
 * event delivered to every sink, one dead-lettered by a failing webhook, one malformed body and one unauthenticated
 * request: each meter is there, and those this traffic moves moved by exactly what it did.
 */
class MetricsCatalogueScrapeTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern DOCUMENTED = Pattern.compile("`(eventqueue_[a-z0-9_]*[a-z0-9])(?:\\{[^}`]*})?`");
    private static final Map<String, String> LOG_FILE = Map.of("type", "log", "sink", "file");
    private static final Map<String, String> LOG_WEBHOOK = Map.of("type", "log", "sink", "webhook");

    @TempDir
    Path dir;

    private TestRuntime rt;
    private HttpServer receiver;

    @AfterEach
    void stop() {
        if (rt != null) {
            rt.close();
        }
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "journal"})
    void everyCataloguedAndDocumentedMeterIsScrapedAndMovesWithTraffic(String durability) throws Exception {
        scrapeAfterTraffic(durability, List.of());
    }

    @Test
    void inKafkaModeTheKafkaMetersAreScrapedTooAndMoveWithTraffic() throws Exception {
        try (KafkaBrokers kafka = KafkaBrokers.start(1)) {
            String topic = "metrics-" + UUID.randomUUID();
            Scrapes scrapes = scrapeAfterTraffic("kafka", List.of("--kafka.bootstrap-servers=" + kafka.bootstrap(),
                    "--kafka.topic=" + topic, "--kafka.topics.create=true", "--kafka.partitions=2",
                    "--kafka.replication-factor=1", "--kafka.min-insync-replicas=1", "--kafka.group-id=g-" + topic,
                    "--kafka.commit-interval=20ms"));
            List<Family> before = scrapes.before();
            List<Family> after = scrapes.after();
            for (String meter : catalogue(KafkaMetrics.class)) {
                assertThat(names(after)).as("%s in the scrape (durability kafka)", meter)
                        .anyMatch(name -> name.equals(meter) || name.startsWith(meter + "_"));
            }
            // Counters are the process's (earlier runtimes of this JVM counted too): read as deltas.
            assertThat(delta(after, before, "eventqueue_kafka_ack_seconds_count", Map.of())).isEqualTo(2);
            assertThat(value(after, "eventqueue_kafka_in_flight_bytes", Map.of())).isZero();
            assertThat(delta(after, before, "eventqueue_kafka_produce_errors_total", Map.of())).isZero();
            assertThat(delta(after, before, "eventqueue_kafka_retries_total", Map.of())).as("no delivery failed").isZero();
            List<Family> committed = Await.value(WAIT, "a commit and a lag gauge per partition", () -> {
                List<Family> now = rt.scrape();
                return grown(now, before, "eventqueue_kafka_commits_total", Map.of()) > 0
                        && grown(now, before, "eventqueue_kafka_rebalances_total", Map.of()) > 0
                        && PrometheusText.sample(now, "eventqueue_kafka_consumer_lag", Map.of("partition", "0")).isPresent()
                        && PrometheusText.sample(now, "eventqueue_kafka_consumer_lag", Map.of("partition", "1")).isPresent()
                        ? Optional.of(now) : Optional.empty();
            });
            assertThat(delta(committed, before, "eventqueue_kafka_commit_failures_total", Map.of())).isZero();
            assertThat(value(committed, "eventqueue_kafka_consumer_lag", Map.of("partition", "0"))).as("all consumed")
                    .isZero();
            rt.close();
            rt = null;
        }
    }

    /** The scrape before the traffic (once the runtime started) and after it settled. */
    private record Scrapes(List<Family> before, List<Family> after) {
    }

    private Scrapes scrapeAfterTraffic(String durability, List<String> extraArgs) throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            String id = exchange.getRequestHeaders().getFirst("ce-id");
            exchange.sendResponseHeaders(id != null && id.startsWith("poison") ? 500 : 200, -1);
            exchange.close();
        });
        receiver.start();
        List<String> args = new ArrayList<>(List.of("--durability=" + durability, "--queue.capacity=50",
                "--queue.max-bytes=1MiB", "--queue.workers=2", "--sinks.webhook.enabled=true",
                "--sinks.webhook.url=http://127.0.0.1:" + receiver.getAddress().getPort() + "/",
                "--delivery.max-attempts=2", "--delivery.backoff-base=10ms", "--delivery.backoff-max=20ms"));
        args.addAll(extraArgs);
        rt = TestRuntime.start(dir, args);
        // The meter registry is the process's: other runtimes in this JVM counted before, so counters are read as deltas.
        List<Family> before = rt.scrape();

        assertThat(rt.postLog("good-1", "to every sink").statusCode()).isEqualTo(202);
        assertThat(rt.postLog("poison-1", "refused by the webhook").statusCode()).isEqualTo(202);
        assertThat(rt.postEvent(rt.admin(), "{").statusCode()).isEqualTo(400);
        assertThat(rt.post("/v1/events", "{}", "Content-Type", "application/json").statusCode()).isEqualTo(401);

        // The request counter is recorded once a response was sent, so the client may read it before it is counted.
        // Await every delivery counter asserted exactly below (a failed delta of 1 instead of 2 was seen under load).
        List<Family> after = Await.value(WAIT, "both events settled and acked, both 202s counted", () -> {
            List<Family> now = rt.scrape();
            return grown(now, before, "eventqueue_events_dead_lettered_total", LOG_WEBHOOK) == 1
                    && grown(now, before, "eventqueue_events_failed_total", LOG_WEBHOOK) == 2
                    && grown(now, before, "eventqueue_http_requests_total", Map.of("method", "POST", "code", "202")) == 2
                    && grown(now, before, "eventqueue_events_processed_total", LOG_WEBHOOK) == 1
                    && grown(now, List.of(), "eventqueue_journal_unacked", Map.of()) == 0
                    && grown(now, List.of(), "eventqueue_queue_depth", Map.of()) == 0
                    ? Optional.of(now) : Optional.empty();
        });

        for (String meter : catalogue(EventQueueMetrics.class, HttpMetrics.class)) {
            assertThat(names(after)).as("%s in the scrape (durability %s)", meter, durability)
                    .anyMatch(name -> name.equals(meter) || name.startsWith(meter + "_"));
        }
        // A mode's own meters (eventqueue_kafka_*) are only registered in that mode.
        for (String documented : documented().stream()
                .filter(name -> durability.equals("kafka") || !name.startsWith("eventqueue_kafka_")).toList()) {
            assertThat(names(after)).as("%s (README/docs) in the scrape", documented)
                    .anyMatch(name -> name.equals(documented) || name.startsWith(documented + "_"));
        }

        assertThat(delta(after, before, "eventqueue_events_accepted_total", Map.of("type", "log"))).isEqualTo(2);
        assertThat(delta(after, before, "eventqueue_events_processed_total", LOG_FILE)).isEqualTo(2);
        assertThat(delta(after, before, "eventqueue_events_processed_total", LOG_WEBHOOK)).isEqualTo(1);
        assertThat(delta(after, before, "eventqueue_events_failed_total", LOG_FILE)).isZero();
        assertThat(delta(after, before, "eventqueue_events_failed_total", LOG_WEBHOOK)).isEqualTo(2);
        assertThat(delta(after, before, "eventqueue_events_dead_lettered_total", LOG_WEBHOOK)).isEqualTo(1);
        assertThat(delta(after, before, "eventqueue_events_rejected_total", Map.of("reason", "malformed"))).isEqualTo(1);
        assertThat(delta(after, before, "eventqueue_events_rejected_total", Map.of("reason", "queue_full"))).isZero();
        assertThat(delta(after, before, "eventqueue_auth_failures_total", Map.of("reason", "missing_credentials")))
                .isEqualTo(1);
        assertThat(delta(after, before, "eventqueue_rate_limited_total", Map.of("scope", "client"))).isZero();
        assertThat(delta(after, before, "eventqueue_event_e2e_seconds_count", Map.of()))
                .as("only the event every sink took counts end to end").isEqualTo(1);
        assertThat(delta(after, before, "eventqueue_http_requests_total", Map.of("method", "POST", "code", "202")))
                .isEqualTo(2);
        assertThat(delta(after, before, "eventqueue_http_request_duration_seconds_count", Map.of())).isPositive();

        assertThat(value(after, "eventqueue_queue_capacity", Map.of())).isEqualTo(50);
        assertThat(value(after, "eventqueue_queue_max_bytes", Map.of())).isEqualTo(1 << 20);
        assertThat(value(after, "eventqueue_queue_bytes", Map.of())).isZero();
        assertThat(value(after, "eventqueue_workers", Map.of())).isEqualTo(2);
        assertThat(value(after, "eventqueue_workers_busy", Map.of())).isZero();
        assertThat(value(after, "eventqueue_ready", Map.of())).isEqualTo(1);
        assertThat(value(after, "eventqueue_dead_letters", Map.of())).isEqualTo(1);
        if (durability.equals("journal")) {
            assertThat(value(after, "eventqueue_journal_bytes", Map.of())).as("segments on disk").isPositive();
        } else {
            assertThat(value(after, "eventqueue_journal_bytes", Map.of())).as("no journal in memory mode").isZero();
        }
        assertThat(names(after)).anyMatch(n -> n.startsWith("jvm_")).anyMatch(n -> n.startsWith("process_"));
        return new Scrapes(before, after);
    }

    /** The Prometheus names of every meter the catalogues declare ({@code eventqueue.events.accepted} → ...). */
    private static List<String> catalogue(Class<?>... catalogues) throws IllegalAccessException {
        List<String> names = new ArrayList<>();
        for (Class<?> c : catalogues) {
            for (Field f : c.getFields()) {
                if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class
                        && ((String) f.get(null)).startsWith("eventqueue.")) {
                    names.add(((String) f.get(null)).replace('.', '_'));
                }
            }
        }
        assertThat(names).as("the catalogue").hasSizeGreaterThan(5);
        return names;
    }

    /** Every {@code `eventqueue_…`} metric named in README.md and docs/*.md. */
    private static TreeSet<String> documented() throws IOException {
        List<Path> files = new ArrayList<>(List.of(Path.of("..", "README.md")));
        try (Stream<Path> docs = Files.list(Path.of("..", "docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).forEach(files::add);
        }
        TreeSet<String> names = new TreeSet<>();
        for (Path file : files) {
            Matcher m = DOCUMENTED.matcher(Files.readString(file));
            while (m.find()) {
                names.add(m.group(1).replaceAll("_(total|seconds|bucket|count|sum)$", ""));
            }
        }
        assertThat(names).as("metrics named in the docs").contains("eventqueue_events_processed");
        return names;
    }

    private static List<String> names(List<Family> families) {
        return families.stream().flatMap(f -> f.samples().stream()).map(Sample::name).distinct().toList();
    }

    private static double value(List<Family> families, String name, Map<String, String> labels) {
        return PrometheusText.sample(families, name, labels)
                .orElseThrow(() -> new AssertionError("no sample " + name + labels)).value();
    }

    /** Like {@link #delta} while the sample may not be there yet (then 0). */
    private static double grown(List<Family> now, List<Family> before, String name, Map<String, String> labels) {
        return PrometheusText.sample(now, name, labels).isPresent() ? delta(now, before, name, labels) : 0;
    }

    private static double delta(List<Family> now, List<Family> before, String name, Map<String, String> labels) {
        return value(now, name, labels) - PrometheusText.sample(before, name, labels).map(Sample::value).orElse(0.0);
    }
}
