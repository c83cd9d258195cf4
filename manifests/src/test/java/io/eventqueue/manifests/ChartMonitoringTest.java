package io.eventqueue.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana dashboard and the Prometheus rules shipped in the chart: well-formed, and every metric they query is
 * one the runtime really exposes — scraped from the runtime jar run as its own process after an event went through,
 * so a renamed meter cannot silently blank a panel or mute an alert. The rules also pass {@code promtool check rules}
 * and their {@code promtool test rules} suite.
 */
class ChartMonitoringTest {
    private static final Path DASHBOARD = Project.chart().resolve("dashboards/eventqueue.json");
    private static final Path RULES = Project.chart().resolve("alerts/eventqueue.rules.yaml");
    private static final Path RULES_TEST = Path.of("src/test/resources/promtool/eventqueue.rules.test.yaml");
    private static final Path RUNTIME_JAR = Project.root().resolve("runtime/target/eventqueue-runtime.jar");
    /** Series from the Prometheus server itself, not from the runtime. */
    private static final Set<String> PROMETHEUS_SERIES = Set.of("up");
    private static final Pattern METRIC = Pattern.compile("\\b((?:eventqueue|jvm|process|system|up)(?:_[a-z0-9]+)*)\\b(?![:(])");
    private static final Pattern SAMPLE = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]");
    private static final Pattern STARTED = Pattern.compile("\"api\":\"(http://[^\"]+)\".*\"management\":\"(http://[^\"]+)\"");
    private static final Pattern TOKEN = Pattern.compile("\"token\":\"([^\"]+)\"");
    private static final Duration START = Duration.ofSeconds(60);
    private static final String PASSWORD = "chart-monitoring-test";

    @TempDir
    static Path dir;
    private static Process runtime;
    private static final Set<String> exposed = new HashSet<>();

    @BeforeAll
    static void scrapeTheRuntimeAfterAnEvent() throws Exception {
        assertThat(RUNTIME_JAR).as("built by the runtime module before this one (./mvnw -pl runtime package)").exists();
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(java, "-jar", RUNTIME_JAR.toString(),
                "--listen-addr=http://127.0.0.1:0", "--management-addr=http://127.0.0.1:0", "--log.format=json",
                "--durability=memory",
                // The log sink delivers; a subscriber nobody listens on fails once and dead-letters, so the
                // failure series the alerts watch exist too.
                "--subscriptions=[{\"name\":\"down\",\"sink\":{\"webhook\":{\"url\":\"http://127.0.0.1:1/\"}},"
                        + "\"delivery\":{\"max-attempts\":1}}]");
        pb.environment().keySet().removeIf(k -> k.startsWith("EVENTQUEUE_"));
        pb.environment().put("ADMINPASS", PASSWORD);
        Path log = dir.resolve("runtime.log");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        runtime = pb.start();
        Matcher started = awaitStarted(log);
        String api = started.group(1);
        String management = started.group(2);

        HttpClient http = HttpClient.newHttpClient();
        String basic = Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        String tokenBody = http.send(HttpRequest.newBuilder(URI.create(api + "/v1/tokens"))
                .header("Authorization", "Basic " + basic).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher token = TOKEN.matcher(tokenBody);
        assertThat(token.find()).as(tokenBody).isTrue();
        HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(URI.create(api + "/v1/events"))
                .header("Authorization", "Bearer " + token.group(1)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"specversion\":\"1.0\",\"id\":\"m-1\",\"source\":\"urn:test\",\"type\":\"com.example.x\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);

        // The labelled counters and the end-to-end histogram exist once the event is delivered and dead-lettered.
        Instant deadline = Instant.now().plus(START);
        String body;
        do {
            body = http.send(HttpRequest.newBuilder(URI.create(management + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } while (!(body.contains("eventqueue_event_e2e_seconds_bucket")
                && body.contains("eventqueue_events_dead_lettered_total")) && Instant.now().isBefore(deadline)
                && pause());
        Matcher m = SAMPLE.matcher(body);
        while (m.find()) {
            exposed.add(m.group(1));
        }
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (runtime != null) {
            runtime.destroy();
            if (!runtime.waitFor(30, TimeUnit.SECONDS)) {
                runtime.destroyForcibly();
            }
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
        assertThat(queried).contains("eventqueue_events_accepted_total", "eventqueue_event_e2e_seconds_bucket",
                "jvm_memory_used_bytes");
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

    /** {@code make test} installs promtool first (make test-tools), so its absence is a failure, not a skip. */
    @Test
    void promtoolAcceptsTheRulesAndTheirUnitTestsPass() throws Exception {
        assertThat(run("promtool", "check", "rules", RULES.toString())).isEmpty();
        assertThat(run("promtool", "test", "rules", RULES_TEST.toString())).isEmpty();
    }

    static Set<String> metricNames(String expr) {
        Set<String> names = new TreeSet<>();
        Matcher m = METRIC.matcher(expr.replaceAll("\\{[^}]*}", "{}"));
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** Empty when the command exits 0, else its output and exit code. */
    private static String run(String... command) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError(command[0] + " is not on the PATH: run make test-tools (make test does it)", e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
        return p.exitValue() == 0 ? "" : out + " (exit " + p.exitValue() + ")";
    }

    private static Matcher awaitStarted(Path log) throws IOException {
        Instant deadline = Instant.now().plus(START);
        while (Instant.now().isBefore(deadline)) {
            String text = Files.readString(log);
            Matcher m = STARTED.matcher(text);
            if (m.find()) {
                return m;
            }
            assertThat(runtime.isAlive()).as("the runtime exited: " + text).isTrue();
            pause();
        }
        throw new AssertionError("no start-up line within " + START + ": " + Files.readString(log));
    }

    /** The poll interval of the two waits above, each bounded by its deadline. */
    private static boolean pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return true;
    }
}
