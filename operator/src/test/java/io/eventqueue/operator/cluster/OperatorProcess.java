package io.eventqueue.operator.cluster;

import io.eventqueue.operator.cli.OperatorMain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The operator as its own process (the jar's main class, configured through the environment the chart sets), talking
 * to the control plane with the credentials of a kubeconfig; stopped by its pid.
 */
final class OperatorProcess implements AutoCloseable {
    private final Process process;
    private final Path log;
    private final int managementPort;

    private OperatorProcess(Process process, Path log, int managementPort) {
        this.process = process;
        this.log = log;
        this.managementPort = managementPort;
    }

    static OperatorProcess start(Path kubeconfig, Path log, Map<String, String> settings) {
        try {
            int port = freePort();
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-cp", System.getProperty("java.class.path"), OperatorMain.class.getName())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            Map<String, String> env = new HashMap<>(Map.of(
                    "KUBECONFIG", kubeconfig.toString(),
                    "KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false",
                    "EVENTQUEUE_OPERATOR_MANAGEMENT_PORT", String.valueOf(port)));
            env.putAll(settings);
            builder.environment().putAll(env);
            OperatorProcess operator = new OperatorProcess(builder.start(), log, port);
            operator.awaitReady();
            return operator;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Sum of a counter over all its label sets, read from /metrics. */
    double counter(String name) {
        return metrics().lines().filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    /** What the management port's /metrics answers (Prometheus text). */
    String metrics() {
        return get("/metrics").body();
    }

    /** GET of a path on the management port. */
    HttpResponse<String> get(String path) {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The exit status, once the process has ended. */
    int exitCode() {
        return process.exitValue();
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        try (HttpClient http = HttpClient.newHttpClient()) {
            while (System.nanoTime() < deadline && process.isAlive()) {
                try {
                    HttpResponse<Void> response = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + managementPort + "/health/ready"))
                            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
                    if (response.statusCode() == 200) {
                        return;
                    }
                } catch (IOException notListeningYet) {
                    // starting
                }
                Thread.sleep(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close();
        throw new AssertionError("the operator never became ready\n" + log());
    }

    /** SIGKILL, as a crashed or evicted pod. */
    void kill() {
        process.destroyForcibly();
        waitForExit();
    }

    @Override
    public void close() {
        process.destroy();
        waitForExit();
    }

    private void waitForExit() {
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
