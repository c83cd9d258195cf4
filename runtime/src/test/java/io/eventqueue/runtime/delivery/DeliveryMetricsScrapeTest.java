package io.eventqueue.runtime.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.sun.net.httpserver.HttpServer;
import io.eventqueue.runtime.observe.PrometheusText;
import io.eventqueue.runtime.testing.Await;
import io.eventqueue.runtime.testing.TestRuntime;
import io.eventqueue.runtime.observe.PrometheusText.Family;
import io.eventqueue.runtime.observe.PrometheusText.Sample;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-sink delivery meters as a scraper sees them on the production wiring (the runtime as {@code Main}
 * composes it), in each durability mode: one event delivered to the file sink and refused by a webhook until it is
 * dead-lettered. The scraped series then feed {@code promtool test rules}: every alert of the chart fires from
 * the names and labels the runtime really exposes.
 */
class DeliveryMetricsScrapeTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path RULES = Path.of("..", "charts", "eventqueue-operator", "alerts", "eventqueue.rules.yaml");
    private static final String PROCESSED = "eventqueue_events_processed_total";
    private static final String FAILED = "eventqueue_events_failed_total";
    private static final String DEAD_LETTERED = "eventqueue_events_dead_lettered_total";
    /** The labels Prometheus adds to every series of a scraped pod (what the chart's PodMonitor keeps). */
    private static final Map<String, String> TARGET = Map.of("namespace", "shop", "job", "orders", "pod", "orders-0",
            "instance", "10.0.0.1:9090");

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
    void deliveredFailedAndDeadLetteredAreCountedPerSinkAndEveryAlertFiresFromTheScrapedSeries(String durability)
            throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        receiver.start();
        rt = TestRuntime.start(dir, List.of("--durability=" + durability, "--sinks.webhook.enabled=true",
                "--sinks.webhook.url=http://127.0.0.1:" + receiver.getAddress().getPort() + "/",
                "--delivery.max-attempts=3", "--delivery.backoff-base=10ms", "--delivery.backoff-max=20ms"));
        // The meter registry is the process's: other runtimes in this JVM counted before, so the test reads deltas.
        List<Family> before = rt.scrape();
        HttpResponse<String> accepted = rt.postLog(UUID.randomUUID().toString(), "to every sink");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);

        List<Family> scrape = scrapeUntil(before);
        Map<String, String> file = Map.of("type", "log", "sink", "file");
        Map<String, String> webhook = Map.of("type", "log", "sink", "webhook");

        assertThat(delta(scrape, before, PROCESSED, file)).isEqualTo(1.0);
        assertThat(delta(scrape, before, FAILED, file)).isZero();
        assertThat(delta(scrape, before, FAILED, webhook)).isEqualTo(3.0);
        assertThat(delta(scrape, before, PROCESSED, webhook)).isZero();
        assertThat(delta(scrape, before, DEAD_LETTERED, webhook)).isEqualTo(1.0);
        assertThat(delta(scrape, before, DEAD_LETTERED, file)).isZero();

        Optional<Path> promtool = promtool();
        assumeTrue(promtool.isPresent(), "promtool is not installed (make test-tools installs it)");
        Path suite = alertSuite(scrape, before);
        Process p = new ProcessBuilder(promtool.get().toString(), "test", "rules", suite.getFileName().toString())
                .directory(suite.getParent().toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out + "\n" + Files.readString(suite)).isZero();
    }

    /** Scrapes {@code /metrics} until the dead letter is counted (the last thing recorded for the event). */
    private List<Family> scrapeUntil(List<Family> before) {
        return Await.value(WAIT, "the dead letter counted", () -> {
            List<Family> families = rt.scrape();
            return grew(families, before, DEAD_LETTERED, Map.of("type", "log", "sink", "webhook"))
                    && grew(families, before, PROCESSED, Map.of("type", "log", "sink", "file"))
                    ? Optional.of(families) : Optional.empty();
        });
    }

    private static boolean grew(List<Family> now, List<Family> before, String name, Map<String, String> labels) {
        return PrometheusText.sample(now, name, labels).isPresent() && delta(now, before, name, labels) > 0;
    }

    /** How much the sample grew since {@code before}; the sample must exist now, it may not have before. */
    private static double delta(List<Family> now, List<Family> before, String name, Map<String, String> labels) {
        double current = PrometheusText.sample(now, name, labels)
                .orElseThrow(() -> new AssertionError("no sample " + name + labels)).value();
        return current - PrometheusText.sample(before, name, labels).map(Sample::value).orElse(0.0);
    }

    /**
     * A promtool suite whose input series are the scraped ones (name and labels as exposed, plus the target labels
     * a scrape adds). Counters grow each minute by what this run counted; gauges take values that describe each
     * alert's situation. The rules are the chart's, without annotations (their text is checked by the static suite
     * in src/test/resources/promtool), so each expected alert is compared on its labels.
     */
    private Path alertSuite(List<Family> scrape, List<Family> before) throws Exception {
        YAMLMapper yaml = new YAMLMapper();
        ObjectNode rules = (ObjectNode) yaml.readTree(RULES.toFile());
        rules.findParents("annotations").forEach(n -> ((ObjectNode) n).remove("annotations"));
        Path rulesCopy = dir.resolve("rules.yaml");
        yaml.writeValue(rulesCopy.toFile(), rules);

        List<Map<String, Object>> series = new ArrayList<>();
        for (String counter : List.of(PROCESSED, FAILED, DEAD_LETTERED)) {
            for (Sample s : samples(scrape, counter)) {
                if ("log".equals(s.labels().get("type"))) {
                    series.add(series(s, "0+" + (long) delta(scrape, before, counter, s.labels()) + "x30"));
                }
            }
        }
        Sample capacity = only(scrape, "eventqueue_queue_capacity");
        series.add(series(capacity, (long) capacity.value() + "x30"));
        series.add(series(only(scrape, "eventqueue_queue_depth"), (long) Math.ceil(capacity.value() * 0.9) + "x30"));
        Sample ready = only(scrape, "eventqueue_ready");
        assertThat(ready.value()).isEqualTo(1.0);
        series.add(series(ready, "1x5 0x25"));
        series.add(series(new Sample("up", Map.of(), 1), "1x30"));
        Sample http202 = samples(scrape, "eventqueue_http_requests_total").stream()
                .filter(s -> "202".equals(s.labels().get("code"))).findFirst()
                .orElseThrow(() -> new AssertionError("no eventqueue_http_requests_total{code=\"202\"}"));
        Map<String, String> http503 = new TreeMap<>(http202.labels());
        http503.put("code", "503");
        series.add(series(http202, "0+900x90"));
        series.add(series(new Sample(http202.name(), http503, 0), "0+100x90"));

        Map<String, String> job = Map.of("namespace", "shop", "job", "orders");
        Map<String, String> pod = Map.of("namespace", "shop", "job", "orders", "pod", "orders-0");
        Map<String, String> webhook = Map.of("namespace", "shop", "job", "orders", "sink", "webhook");
        List<Map<String, Object>> alerts = List.of(
                alert(6, "EventQueueBacklogHigh", pod, "warning"),
                alert(20, "EventQueueSinkFailing", webhook, "warning"),
                alert(10, "EventQueueDeadLettersGrowing", job, "warning"),
                alert(9, "EventQueueNoReadyPods", job, "critical"),
                alert(60, "EventQueueErrorBudgetBurnFast", job, "critical"),
                alert(60, "EventQueueErrorBudgetBurnSlow", job, "warning"));
        Map<String, Object> test = new LinkedHashMap<>();
        test.put("interval", "1m");
        test.put("input_series", series);
        test.put("alert_rule_test", alerts);
        Map<String, Object> suite = new LinkedHashMap<>();
        suite.put("rule_files", List.of(rulesCopy.getFileName().toString()));
        suite.put("evaluation_interval", "1m");
        suite.put("tests", List.of(test));
        Path file = dir.resolve("scraped.test.yaml");
        yaml.writeValue(file.toFile(), suite);
        return file;
    }

    private static Map<String, Object> alert(int minute, String name, Map<String, String> labels, String severity) {
        Map<String, String> expected = new TreeMap<>(labels);
        expected.put("severity", severity);
        return Map.of("eval_time", minute + "m", "alertname", name, "exp_alerts", List.of(Map.of("exp_labels", expected)));
    }

    private static Map<String, Object> series(Sample sample, String values) {
        Map<String, String> labels = new TreeMap<>(sample.labels());
        labels.putAll(TARGET);
        String selector = labels.entrySet().stream().map(e -> e.getKey() + "=\"" + e.getValue() + "\"")
                .collect(Collectors.joining(",", sample.name() + "{", "}"));
        return Map.of("series", selector, "values", values);
    }

    private static List<Sample> samples(List<Family> families, String name) {
        return families.stream().flatMap(f -> f.samples().stream()).filter(s -> s.name().equals(name)).toList();
    }

    private static Sample only(List<Family> families, String name) {
        List<Sample> found = samples(families, name);
        assertThat(found).as(name).hasSize(1);
        return found.get(0);
    }

    private static Optional<Path> promtool() {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(d, "promtool");
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
