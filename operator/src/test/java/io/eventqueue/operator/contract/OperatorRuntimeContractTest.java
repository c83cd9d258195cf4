package io.eventqueue.operator.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventqueue.operator.Fixtures;
import io.eventqueue.operator.api.v1alpha1.EventQueue;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.HashMap;
import io.eventqueue.operator.render.Credentials;
import io.eventqueue.operator.render.Instance;
import io.eventqueue.operator.render.Manifests;
import io.eventqueue.operator.render.RuntimeLayout;
import io.eventqueue.operator.render.SecretRenderer;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator–runtime contract: the objects rendered for samples/basic.yaml (and event-types.yaml) start the real runtime jar with exactly
 * their config file, Secret files, container arguments and environment (pod paths mapped into a temporary
 * directory, container ports to free local ports), and the runtime answers on the probe paths and ports the
 * Deployment names, issues a token for the rendered credentials, accepts an event, and drains on SIGTERM.
 */
class OperatorRuntimeContractTest {
    static final Path RUNTIME_JAR = Fixtures.root().resolve("runtime/target/eventqueue-runtime.jar");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path root;
    private Process runtime;
    private Path log;

    @AfterEach
    void stopRuntime() throws InterruptedException {
        if (runtime != null && runtime.isAlive()) {
            runtime.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** A runtime started from the objects rendered for a sample, with a token for its rendered credentials. */
    private record Started(List<HasMetadata> objects, Deployment deployment, String api, String jwt) {
    }

    private Started startSample(String sample) throws Exception {
        assertThat(RUNTIME_JAR).as("the runtime jar (built before the operator in the reactor: "
                + "./mvnw -pl runtime -DskipTests package)").isRegularFile();
        EventQueue resource = null;
        Map<String, String> schemaSources = new HashMap<>();
        KubernetesSerialization serialization = new KubernetesSerialization();
        Object parsed = serialization.unmarshal(Files.readString(Fixtures.root().resolve(sample)));
        for (Object item : parsed instanceof List<?> list ? list : List.of(parsed)) {
            if (item instanceof HasMetadata h && "EventQueue".equals(h.getKind())) {
                resource = serialization.convertValue(h, EventQueue.class);
            } else if (item instanceof ConfigMap schemas) {
                schemas.getData().forEach((k, v) -> schemaSources.put(
                        Instance.sourceKey(schemas.getMetadata().getName(), k), v));
            }
        }
        assertThat(resource).as(sample + " holds an EventQueue").isNotNull();
        List<HasMetadata> objects = Manifests.render(Instance.of(resource, Fixtures.IMAGE, schemaSources),
                Optional.of(Credentials.generate(new SecureRandom())));
        Deployment deployment = only(objects, Deployment.class);
        ConfigMap configMap = only(objects, ConfigMap.class);
        Secret secret = only(objects, Secret.class);
        Container container = deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();
        PodSandbox pod = new PodSandbox(root, deployment.getSpec().getTemplate().getSpec(), configMap, secret);
        Path config = pod.path(RuntimeLayout.CONFIG_FILE);
        Files.writeString(config, pod.map(Files.readString(config)));

        start(pod);

        String management = "http://127.0.0.1:" + pod.port(container.getStartupProbe().getHttpGet().getPort());
        awaitProbe(pod, container.getStartupProbe());
        assertThat(get(probeUrl(pod, container.getLivenessProbe())).statusCode()).as(logTail()).isEqualTo(200);
        awaitProbe(pod, container.getReadinessProbe());
        assertThat(get(management + RuntimeLayout.METRICS_PATH).statusCode()).as("Prometheus scrape target")
                .isEqualTo(200);

        Map<String, String> credentials = SecretRenderer.decode(secret);
        // The API is what the Service's "http" port targets.
        Service service = only(objects, Service.class);
        String api = "http://127.0.0.1:" + pod.port(service.getSpec().getPorts().stream()
                .filter(p -> p.getName().equals(RuntimeLayout.HTTP_PORT_NAME)).findFirst().orElseThrow()
                .getTargetPort());
        HttpResponse<String> token = send(HttpRequest.newBuilder(URI.create(api + "/v1/tokens"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (credentials.get("admin-user") + ":" + credentials.get("admin-password"))
                                .getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(token.statusCode()).as(token.body() + "\n" + logTail()).isBetween(200, 201);
        String jwt = JSON.readTree(token.body()).at("/result/token").asText();
        assertThat(jwt).isNotBlank();
        return new Started(objects, deployment, api, jwt);
    }

    @Test
    void theRuntimeRunsWithWhatTheOperatorRenders() throws Exception {
        Started started = startSample("samples/basic.yaml");
        String api = started.api();
        String jwt = started.jwt();
        Deployment deployment = started.deployment();

        String event = """
                {"event":{"event_type":"log","event_id":"%s","level":"error","message":"contract test"}}"""
                .formatted(UUID.randomUUID());
        HttpResponse<String> accepted = send(HttpRequest.newBuilder(URI.create(api + "/v1/events"))
                .header("Authorization", "Bearer " + jwt)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(event)));
        assertThat(accepted.statusCode()).as(accepted.body() + "\n" + logTail()).isEqualTo(202);
        JsonNode stats = JSON.readTree(get(api + "/v1/stats").body());
        assertThat(stats.toString()).as("stats after one event").contains("accepted");

        runtime.destroy();
        long grace = deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();
        assertThat(runtime.waitFor(grace, TimeUnit.SECONDS)).as("exits within terminationGracePeriodSeconds")
                .isTrue();
        // 143 = ended by the SIGTERM itself after the shutdown hook ran (not SIGKILLed, which would be 137).
        assertThat(runtime.exitValue()).as("clean exit after SIGTERM\n" + logTail()).isIn(0, 143);
        assertThat(Files.readString(log)).as("the event was processed before the runtime stopped")
                .contains("stopped: 1 accepted, 1 processed");
    }

    @Test
    void theRuntimeEnforcesTheEventTypesTheOperatorRenders() throws Exception {
        Started started = startSample("samples/event-types.yaml");
        HttpResponse<String> valid = postCloudEvent(started, "com.example.invoice.paid",
                "{\"invoice\":\"INV-1\",\"amount\":12.5}");
        assertThat(valid.statusCode()).as(valid.body() + "\n" + logTail()).isEqualTo(202);
        HttpResponse<String> invalid = postCloudEvent(started, "com.example.invoice.paid", "{\"invoice\":\"INV-2\",\"amount\":-1}");
        assertThat(invalid.statusCode()).as(invalid.body()).isEqualTo(400);
        assertThat(JSON.readTree(invalid.body()).at("/errors/0/pointer").asText()).isEqualTo("/amount");
        HttpResponse<String> undeclared = postCloudEvent(started, "com.example.other", "{}");
        assertThat(JSON.readTree(undeclared.body()).path("type").asText()).endsWith("/unknown-event-type");
        HttpResponse<String> types = send(HttpRequest.newBuilder(URI.create(started.api() + "/v1/types"))
                .header("Authorization", "Bearer " + started.jwt()).GET());
        assertThat(JSON.readTree(types.body()).at("/result/mode").asText()).isEqualTo("strict");
    }

    private static HttpResponse<String> postCloudEvent(Started started, String type, String data) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(started.api() + "/v1/events"))
                .header("Authorization", "Bearer " + started.jwt())
                .header("Content-Type", "application/cloudevents+json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID()
                        + "\",\"source\":\"/billing\",\"type\":\"" + type + "\",\"data\":" + data + "}")));
    }

    private void start(PodSandbox pod) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(RUNTIME_JAR.toString());
        command.addAll(pod.args());
        log = root.resolve("runtime.log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("EVENTQUEUE_") || k.equals("JAVA_TOOL_OPTIONS"));
        builder.environment().putAll(pod.env());
        runtime = builder.start();
    }

    private void awaitProbe(PodSandbox pod, Probe probe) throws Exception {
        String url = probeUrl(pod, probe);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        int status = -1;
        while (System.nanoTime() < deadline && runtime.isAlive()) {
            try {
                status = get(url).statusCode();
                if (status == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                status = -1;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("probe " + url + " never answered 200 (last " + status + ")\n" + logTail());
    }

    private static String probeUrl(PodSandbox pod, Probe probe) {
        assertThat(probe.getHttpGet().getScheme()).isEqualTo("HTTP");
        return "http://127.0.0.1:" + pod.port(probe.getHttpGet().getPort()) + probe.getHttpGet().getPath();
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(request.timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return "runtime output:\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException | RuntimeException e) {
            return "(no runtime output)";
        }
    }

    private static <T extends HasMetadata> T only(List<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).findFirst()
                .orElseThrow(() -> new AssertionError("rendered no " + type.getSimpleName()));
    }
}
