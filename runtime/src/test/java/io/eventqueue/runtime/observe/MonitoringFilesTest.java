package io.eventqueue.runtime.observe;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.helidon.metrics.api.Metrics;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Grafana dashboard and the Prometheus rules shipped in the chart: well-formed, and every metric they query is
 * one the runtime really exposes (read from a live scrape), so a renamed meter cannot silently blank a panel or
 * mute an alert. The rules also pass {@code promtool check rules} and their {@code promtool test rules} suite.
 */
class MonitoringFilesTest {
    private static final Path CHART = Path.of("..", "charts", "eventqueue-operator");
    private static final Path DASHBOARD = CHART.resolve("dashboards/eventqueue.json");
    private static final Path RULES = CHART.resolve("alerts/eventqueue.rules.yaml");
    private static final Path RULES_TEST = Path.of("src/test/resources/promtool/eventqueue.rules.test.yaml");
    /** Series from the Prometheus server itself, not from the runtime. */
    private static final Set<String> PROMETHEUS_SERIES = Set.of("up");
    private static final Pattern METRIC = Pattern.compile("\\b((?:eventqueue|jvm|process|system|up)(?:_[a-z0-9]+)*)\\b(?![:(])");

    private static Set<String> exposed;
    private static WebServer server;

    @BeforeAll
    static void scrapeALiveRuntime() throws Exception {
        var registry = MetricsSetup.registry();
        EventQueueMetrics metrics = new EventQueueMetrics(registry);
        metrics.bindGauges(new EventQueueMetrics.RuntimeGauges(() -> 0, () -> 100, () -> 0, () -> 1024, () -> 0,
                                                               () -> 4, () -> true));
        metrics.processed("log", "stdout");
        new HttpMetrics(registry).record(io.helidon.http.Method.POST, 202, 1_000);
        server = WebServer.builder()
                .port(0)
                .addFeature(MetricsSetup.observeFeature("@default"))
                .build()
                .start();
        String body = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + "/metrics")).build(),
                      HttpResponse.BodyHandlers.ofString())
                .body();
        exposed = new HashSet<>();
        PrometheusText.parse(body).forEach(f -> f.samples().forEach(s -> exposed.add(s.name())));
        assertThat(Metrics.globalRegistry()).isSameAs(registry);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void dashboardIsGrafanaJsonWithDescribedPanelsOnTheDatasourceVariable() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        assertThat(dashboard.get("uid").asText()).isEqualTo("eventqueue-runtime");
        assertThat(dashboard.get("templating").get("list").findValuesAsText("name")).contains("datasource", "namespace", "job");
        Set<Integer> ids = new HashSet<>();
        List<String> titles = new ArrayList<>();
        for (JsonNode panel : dashboard.get("panels")) {
            assertThat(ids.add(panel.get("id").asInt())).as("unique panel id %s", panel.get("id")).isTrue();
            titles.add(panel.get("title").asText());
            if (!panel.get("type").asText().equals("row")) {
                assertThat(panel.get("description").asText()).as(panel.get("title").asText()).isNotBlank();
                assertThat(panel.get("datasource").get("uid").asText()).isEqualTo("${datasource}");
                assertThat(panel.get("targets")).isNotEmpty();
            }
        }
        assertThat(titles).contains("Accept rate by type", "Backlog vs capacity", "End-to-end latency", "Rejections by reason",
                                    "Rate limiting", "Sink failures", "Dead letters", "Pods ready");
    }

    @Test
    void everyMetricTheDashboardQueriesIsExposed() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        Set<String> queried = new TreeSet<>();
        dashboard.findValuesAsText("expr").forEach(e -> queried.addAll(metricNames(e)));
        assertThat(queried).contains("eventqueue_events_accepted_total", "eventqueue_event_e2e_seconds_bucket");
        assertThat(exposed).containsAll(queried);
    }

    @Test
    void everyMetricTheRulesQueryIsExposed() throws IOException {
        JsonNode rules = new YAMLMapper().readTree(RULES.toFile());
        Set<String> queried = new TreeSet<>();
        rules.findValuesAsText("expr").forEach(e -> queried.addAll(metricNames(e)));
        queried.removeAll(PROMETHEUS_SERIES);
        assertThat(queried).contains("eventqueue_queue_depth", "eventqueue_ready", "eventqueue_http_requests_total");
        assertThat(exposed).containsAll(queried);
        assertThat(rules.findValuesAsText("alert")).containsExactlyInAnyOrder(
                "EventQueueBacklogHigh", "EventQueueSinkFailing", "EventQueueDeadLettersGrowing", "EventQueueNoReadyPods",
                "EventQueueErrorBudgetBurnFast", "EventQueueErrorBudgetBurnSlow");
    }

    @Test
    void promtoolAcceptsTheRulesAndTheirUnitTestsPass() throws Exception {
        Optional<Path> promtool = PrometheusText.promtool();
        assumeTrue(promtool.isPresent(), "promtool is not installed (make test-tools installs it)");
        PrometheusText.Result check = PrometheusText.run(List.of(promtool.get().toString(), "check", "rules", RULES.toString()), "");
        assertThat(check.exit()).as(check.stdout() + check.stderr()).isZero();
        PrometheusText.Result test = PrometheusText.run(List.of(promtool.get().toString(), "test", "rules", RULES_TEST.toString()), "");
        assertThat(test.exit()).as(test.stdout() + test.stderr()).isZero();
    }

    static Set<String> metricNames(String expr) {
        Set<String> names = new TreeSet<>();
        Matcher m = METRIC.matcher(expr.replaceAll("\\{[^}]*}", "{}"));
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
