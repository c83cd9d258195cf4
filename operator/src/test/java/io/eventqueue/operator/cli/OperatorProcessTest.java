package io.eventqueue.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventqueue.operator.Fixtures;
import io.eventqueue.operator.api.v1alpha1.EventQueue;
import io.eventqueue.operator.api.v1alpha1.EventQueueStatus;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator as a process (the jar's main class, configured through the environment the chart sets): it reconciles,
 * serves health and metrics on its management port, logs JSON lines only, and stops on SIGTERM.
 */
@EnableKubernetesMockClient(crud = true)
class OperatorProcessTest {
    static KubernetesMockServer server;
    static KubernetesClient client;

    @TempDir
    Path dir;
    private Process operator;

    @AfterEach
    void kill() throws InterruptedException {
        if (operator != null && operator.isAlive()) {
            operator.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void runsReportsAndStopsOnSigterm() throws Exception {
        try (var crd = Files.newInputStream(Path.of("target/classes/META-INF/fabric8/eventqueues.eventqueue.io-v1.yml"))) {
            client.apiextensions().v1().customResourceDefinitions().load(crd).create();
        }
        int port = freePort();
        Path log = dir.resolve("operator.log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(Map.of(
                "KUBERNETES_MASTER", server.url("/"),
                "KUBERNETES_TRUST_CERTIFICATES", "true",
                "KUBERNETES_AUTH_TRYKUBECONFIG", "false",
                "KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false",
                "EVENTQUEUE_OPERATOR_WATCH_NAMESPACES", "ns",
                "EVENTQUEUE_OPERATOR_RUNTIME_IMAGE", Fixtures.IMAGE,
                "EVENTQUEUE_OPERATOR_MANAGEMENT_PORT", String.valueOf(port)));
        operator = builder.start();
        String management = "http://127.0.0.1:" + port;

        awaitStatus(management + "/health/ready", 200, log);
        assertThat(get(management + "/health/live").statusCode()).isEqualTo(200);
        client.resource(Fixtures.eventQueue("")).create();
        // The status is written last in a reconcile: once it is there, the Deployment must be too.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (status() == null && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(status()).as("status written\n" + Files.readString(log)).isNotNull();
        assertThat(client.resources(Deployment.class).inNamespace("ns").withName("q1").get())
                .as("reconciled\n" + Files.readString(log)).isNotNull();
        assertThat(get(management + "/metrics").body())
                .contains("operator_sdk_reconciliations_started_total", "jvm_memory_used_bytes");

        operator.destroy();

        assertThat(operator.waitFor(30, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
        assertThat(operator.exitValue()).as(Files.readString(log)).isIn(0, 143);
        List<String> lines = Files.readAllLines(log).stream().filter(l -> !l.isBlank()).toList();
        ObjectMapper json = new ObjectMapper();
        assertThat(lines).isNotEmpty();
        assertThat(lines.stream().filter(line -> !isJsonLogLine(json, line)).toList()).as("lines that are no JSON log")
                .isEmpty();
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("operator started"));
    }

    private EventQueueStatus status() {
        EventQueue eq = client.resources(EventQueue.class).inNamespace("ns").withName("q1").get();
        return eq == null ? null : eq.getStatus();
    }

    private static boolean isJsonLogLine(ObjectMapper json, String line) {
        try {
            return json.readTree(line).has("msg");
        } catch (IOException e) {
            return false;
        }
    }

    private void awaitStatus(String url, int status, Path log) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline && operator.isAlive()) {
            try {
                if (get(url).statusCode() == status) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // starting
            }
            Thread.sleep(100);
        }
        throw new AssertionError(url + " never answered " + status + "\n" + Files.readString(log));
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
