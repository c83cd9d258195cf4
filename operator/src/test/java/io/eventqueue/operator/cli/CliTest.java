package io.eventqueue.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventqueue.operator.Fixtures;
import io.eventqueue.operator.settings.OperatorSettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {

    @Test
    void settingsComeFromTheEnvironmentTheChartSetsAndFlagsWin() {
        OperatorSettings settings = OperatorOptions.parse(List.of("--management-port=9999"), Map.of(
                "EVENTQUEUE_OPERATOR_RUNTIME_IMAGE", "reg.test/rt:2",
                "EVENTQUEUE_OPERATOR_WATCH_NAMESPACES", "a, b,",
                "EVENTQUEUE_OPERATOR_LEADER_ELECTION_ENABLED", "true",
                "EVENTQUEUE_OPERATOR_LEADER_ELECTION_LEASE_NAME", "lease",
                "EVENTQUEUE_OPERATOR_LEADER_ELECTION_LEASE_NAMESPACE", "ops",
                "EVENTQUEUE_OPERATOR_POD_NAME", "op-1",
                "EVENTQUEUE_OPERATOR_MANAGEMENT_PORT", "8081"));

        assertThat(settings).isEqualTo(new OperatorSettings(Set.of("a", "b"), "reg.test/rt:2", true, "lease", "ops",
                "op-1", 9999, OperatorSettings.DEFAULT_RESYNC_INTERVAL));
    }

    @Test
    void defaultsWatchEveryNamespaceWithTheReleasedRuntimeImage() {
        OperatorSettings settings = OperatorOptions.parse(List.of(), Map.of());

        assertThat(settings.namespaces()).isEmpty();
        assertThat(settings.runtimeImage()).isEqualTo(OperatorSettings.DEFAULT_RUNTIME_IMAGE);
        assertThat(settings.leaderElection()).isFalse();
        assertThat(settings.managementPort()).isEqualTo(8081);
    }

    @Test
    void aBadSettingFailsWithOneLineNamingIt() {
        assertThatThrownBy(() -> OperatorOptions.parse(List.of("--management-port=99999"), Map.of()))
                .hasMessage("operator: management-port: port out of range: 99999");
        assertThatThrownBy(() -> OperatorOptions.parse(List.of("--leader-election-enabled=yes"), Map.of()))
                .hasMessageStartingWith("operator: leader-election-enabled:");
        assertThatThrownBy(() -> OperatorOptions.parse(List.of("--colour=blue"), Map.of()))
                .hasMessageStartingWith("operator: unknown option --colour");
        assertThatThrownBy(() -> OperatorLogging.installJson("loud")).hasMessageStartingWith("operator: log-level:");
    }

    @Test
    void logLinesAreJsonObjectsInTheRuntimesSchema() throws Exception {
        LogRecord record = new LogRecord(Level.WARNING, "reconcile of {0} failed: \"quoted\"\nnext line");
        record.setParameters(new Object[] {"ns/q1"});
        record.setLoggerName("io.eventqueue.operator.X");
        record.setThrown(new IllegalStateException("boom"));

        String line = new OperatorLogFormatter().format(record);
        JsonNode json = new ObjectMapper().readTree(line);

        assertThat(line).endsWith("}\n").doesNotContain("\n{");
        assertThat(json.path("level").asText()).isEqualTo("warn");
        assertThat(json.path("logger").asText()).isEqualTo("io.eventqueue.operator.X");
        assertThat(json.path("msg").asText()).isEqualTo("reconcile of ns/q1 failed: \"quoted\"\nnext line");
        assertThat(json.path("error").asText()).contains("boom");
        assertThat(json.path("stack").asText()).contains("IllegalStateException");
        assertThat(json.path("ts").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
        // The runtime's keys (runtime/…/observe/OperatorLogFormatter): ts, level, logger, msg, error, stack.
        assertThat(json.properties()).extracting(java.util.Map.Entry::getKey)
                .containsExactly("ts", "level", "logger", "msg", "thread", "error", "stack");
    }

    @Test
    void managementPortServesMetricsAndHealth() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Counter.builder("operator.sdk.reconciliations.started").register(registry).increment();
        AtomicBoolean ready = new AtomicBoolean(false);
        ManagementServer server = new ManagementServer(0, registry, () -> true, ready::get).start();
        try (HttpClient http = HttpClient.newHttpClient()) {
            String base = "http://127.0.0.1:" + server.port();

            HttpResponse<String> metrics = get(http, base + "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("operator_sdk_reconciliations_started_total 1.0");
            assertThat(get(http, base + "/health/live").statusCode()).isEqualTo(200);
            assertThat(get(http, base + "/health/ready").statusCode()).isEqualTo(503);
            ready.set(true);
            assertThat(get(http, base + "/health/ready").body()).isEqualTo("{\"status\":\"UP\"}");
        } finally {
            server.stop();
        }
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void renderPrintsEveryObjectOfTheSample() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RenderCommand.run(List.of("-f", Fixtures.root().resolve("samples/basic.yaml").toString()),
                new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8));
        String yaml = out.toString(StandardCharsets.UTF_8);

        assertThat(yaml.split("(?m)^---$")).as("7 documents").hasSize(1 + 7);
        assertThat(yaml).contains("kind: \"ServiceAccount\"", "kind: \"ConfigMap\"", "kind: \"Secret\"",
                "kind: \"Deployment\"", "kind: \"Service\"", "kind: \"PodDisruptionBudget\"", "kind: \"NetworkPolicy\"");
    }

    @Test
    void renderReadsStandardInputAndCanLeaveCredentialsOut() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String cr = "apiVersion: eventqueue.io/v1alpha1\nkind: EventQueue\nmetadata: {name: x}\nspec: {replicas: 1}\n";
        RenderCommand.run(List.of("-f", "-", "-n", "team", "--credentials=omit", "--runtime-image=reg.test/rt:9"),
                new ByteArrayInputStream(cr.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        String yaml = out.toString(StandardCharsets.UTF_8);

        assertThat(yaml).doesNotContain("kind: \"Secret\"").contains("namespace: \"team\"", "reg.test/rt:9")
                .doesNotContain("PodDisruptionBudget");
    }

    @Test
    void renderRejectsWhatIsNoEventQueue() {
        String pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: x}\n";

        assertThatThrownBy(() -> RenderCommand.run(List.of("-f", "-"),
                new ByteArrayInputStream(pod.getBytes(StandardCharsets.UTF_8)), System.out))
                .hasMessageContaining("expected apiVersion eventqueue.io/v1alpha1, kind EventQueue");
        assertThatThrownBy(() -> RenderCommand.run(List.of(), System.in, System.out))
                .hasMessageContaining("-f is required");
    }

    @Test
    void committedSampleManifestsAreWhatRenderProducesToday(@TempDir Path dir) throws Exception {
        for (String sample : List.of("basic", "production", "dev", "event-types", "kafka")) {
            Path committed = Fixtures.root().resolve("samples/manifests/" + sample);
            Path fresh = dir.resolve(sample);
            RenderCommand.run(List.of("-f", "samples/" + sample + ".yaml", "--credentials=omit", "-o", fresh.toString()),
                    System.in, System.out, Fixtures.root());

            try (var files = Files.list(fresh)) {
                for (Path file : files.toList()) {
                    assertThat(Files.mismatch(file, committed.resolve(file.getFileName())))
                            .as("samples/manifests/%s/%s is stale: run `make samples`", sample, file.getFileName())
                            .isEqualTo(-1L);
                }
            }
            try (var files = Files.list(committed)) {
                assertThat(files.map(f -> f.getFileName().toString()).toList())
                        .as("samples/manifests/%s holds exactly what render writes", sample)
                        .containsExactlyInAnyOrderElementsOf(Files.list(fresh).map(f -> f.getFileName().toString())
                                .toList());
            }
        }
    }
}
