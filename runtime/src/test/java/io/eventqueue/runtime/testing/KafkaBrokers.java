package io.eventqueue.runtime.testing;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Real Apache Kafka brokers in KRaft mode (each node broker and controller), one child JVM per node from the jars
 * {@code kafka-broker/pom.xml} resolves, so Kafka's classpath never meets the runtime's. One node for functional
 * tests; three (replication factor 3, {@code min.insync.replicas=2}) for faults. Loopback ports, bounded start, stop by
 * pid. {@code make kafka-up} starts the same single broker through {@code scripts/kafka-broker}.
 */
public final class KafkaBrokers implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Path dir;
    private final String classpath;
    private final int[] ports;
    private final int[] controllerPorts;
    private final Process[] processes;

    private KafkaBrokers(Path dir, String classpath, int nodes) {
        this.dir = dir;
        this.classpath = classpath;
        this.ports = freePorts(nodes);
        this.controllerPorts = freePorts(nodes);
        this.processes = new Process[nodes];
    }

    /** Formats and starts {@code nodes} nodes; returns once all of them serve and the cluster sees every broker. */
    public static KafkaBrokers start(int nodes) {
        try {
            KafkaBrokers brokers = new KafkaBrokers(Files.createTempDirectory("kafka-"), classpath(), nodes);
            brokers.format();
            for (int i = 0; i < nodes; i++) {
                brokers.startNode(i);
            }
            brokers.awaitCluster(nodes);
            return brokers;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String bootstrap() {
        return IntStream.range(0, ports.length).mapToObj(i -> "127.0.0.1:" + ports[i]).collect(Collectors.joining(","));
    }

    public int nodes() {
        return ports.length;
    }

    /** SIGKILL of one node: no shutdown, no flush, as a crashed machine. */
    public void kill(int node) {
        Process p = processes[node];
        p.destroyForcibly();
        await(p);
    }

    /** A clean stop (SIGTERM) of one node. */
    public void stop(int node) {
        Process p = processes[node];
        p.destroy();
        await(p);
    }

    /** Starts a stopped node again on its ports and data. */
    public void restart(int node) {
        startNode(node);
        awaitPort(ports[node], processes[node]);
    }

    /**
     * A clean stop (SIGTERM) of every node at once: the whole cluster down. The last brokers cannot finish a
     * controlled shutdown without a controller quorum: what still runs after 15 s together is killed.
     */
    public void stopAll() {
        for (Process p : processes) {
            p.destroy();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        try {
            for (Process p : processes) {
                if (!p.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    p.destroyForcibly();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Process p : processes) {
            await(p);
        }
    }

    /** Starts every stopped node again (together: a controller quorum needs a majority), then as {@link #awaitAll}. */
    public void restartAll() {
        for (int i = 0; i < processes.length; i++) {
            if (!processes[i].isAlive()) {
                startNode(i);
            }
        }
        awaitAll();
    }

    /** Returns once every node serves again and the cluster sees all brokers. */
    public void awaitAll() {
        awaitCluster(ports.length);
    }

    @Override
    public void close() {
        for (Process p : processes) {
            if (p != null && p.isAlive()) {
                p.destroyForcibly();
                await(p);
            }
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void format() throws IOException {
        String cluster = UUID.randomUUID().toString();
        String clusterId = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                java.nio.ByteBuffer.allocate(16).putLong(UUID.fromString(cluster).getMostSignificantBits())
                        .putLong(UUID.fromString(cluster).getLeastSignificantBits()).array());
        for (int i = 0; i < ports.length; i++) {
            Path props = dir.resolve("node-" + i + ".properties");
            Files.writeString(props, properties(i));
            // One argument with "=": a cluster id may begin with "-", which would read as an option.
            List<String> command = new ArrayList<>(List.of(java(), "-cp", classpath, "kafka.tools.StorageTool",
                    "format", "--cluster-id=" + clusterId, "-c", props.toString()));
            if (ports.length == 1) {
                command.add("--standalone");
            }
            run(command, dir.resolve("node-" + i + "-format.log"));
        }
    }

    private String properties(int node) {
        int n = ports.length;
        int replication = Math.min(3, n);
        int minIsr = n >= 3 ? 2 : 1;
        StringBuilder p = new StringBuilder()
                .append("process.roles=broker,controller\n")
                .append("node.id=").append(node + 1).append('\n')
                .append("listeners=PLAINTEXT://127.0.0.1:").append(ports[node])
                .append(",CONTROLLER://127.0.0.1:").append(controllerPorts[node]).append('\n')
                .append("advertised.listeners=PLAINTEXT://127.0.0.1:").append(ports[node])
                .append(",CONTROLLER://127.0.0.1:").append(controllerPorts[node]).append('\n')
                .append("controller.listener.names=CONTROLLER\n")
                .append("inter.broker.listener.name=PLAINTEXT\n")
                .append("listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT\n")
                .append("log.dirs=").append(dir.resolve("data-" + node)).append('\n')
                .append("offsets.topic.replication.factor=").append(replication).append('\n')
                .append("offsets.topic.num.partitions=3\n")
                .append("transaction.state.log.replication.factor=").append(replication).append('\n')
                .append("transaction.state.log.min.isr=").append(minIsr).append('\n')
                .append("share.coordinator.state.topic.replication.factor=").append(replication).append('\n')
                .append("share.coordinator.state.topic.min.isr=").append(minIsr).append('\n')
                .append("default.replication.factor=").append(replication).append('\n')
                .append("min.insync.replicas=").append(minIsr).append('\n')
                .append("group.initial.rebalance.delay.ms=0\n")
                .append("group.min.session.timeout.ms=1000\n")
                .append("auto.create.topics.enable=false\n");
        if (n == 1) {
            p.append("controller.quorum.bootstrap.servers=127.0.0.1:").append(controllerPorts[0]).append('\n');
        } else {
            p.append("controller.quorum.voters=").append(IntStream.range(0, n)
                    .mapToObj(i -> (i + 1) + "@127.0.0.1:" + controllerPorts[i]).collect(Collectors.joining(",")))
                    .append('\n');
        }
        return p.toString();
    }

    private void startNode(int node) {
        try {
            Path log = dir.resolve("node-" + node + ".log");
            processes[node] = new ProcessBuilder(java(), "-Xms64m", "-Xmx384m", "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1", "-cp", classpath, "kafka.Kafka",
                    dir.resolve("node-" + node + ".properties").toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitCluster(int brokers) {
        for (int i = 0; i < ports.length; i++) {
            if (processes[i] != null && processes[i].isAlive()) {
                awaitPort(ports[i], processes[i]);
            }
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
            Await.until(START_TIMEOUT, "a Kafka cluster of " + brokers + " brokers", () -> {
                try {
                    return admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).size() == brokers;
                } catch (Exception e) {
                    return false;
                }
            });
        }
    }

    private void awaitPort(int port, Process process) {
        Await.until(START_TIMEOUT, () -> "Kafka on 127.0.0.1:" + port + " (log in " + dir + ")", () -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("Kafka broker exited with " + process.exitValue() + "; log in " + dir);
            }
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        });
    }

    private static void await(Process p) {
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int[] freePorts(int n) {
        int[] out = new int[n];
        List<ServerSocket> open = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                open.add(s);
                out[i] = s.getLocalPort();
            }
            for (ServerSocket s : open) {
                s.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The broker's classpath from kafka-broker/target/classpath, resolved with Maven on first use. */
    private static synchronized String classpath() throws IOException {
        Path root = Path.of("").toAbsolutePath();
        while (root != null && !Files.exists(root.resolve("kafka-broker/pom.xml"))) {
            root = root.getParent();
        }
        if (root == null) {
            throw new IllegalStateException("kafka-broker/pom.xml not found above " + Path.of("").toAbsolutePath());
        }
        Path file = root.resolve("kafka-broker/target/classpath");
        if (!Files.exists(file)) {
            run(List.of(root.resolve("mvnw").toString(), "-B", "-ntp", "-q", "-f",
                    root.resolve("kafka-broker/pom.xml").toString(), "generate-resources"),
                    Files.createTempFile("kafka-classpath", ".log"));
        }
        return Files.readString(file).strip();
    }

    private static void run(List<String> command, Path log) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        try {
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + command.get(0) + " (log " + log + ")");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command.subList(0, Math.min(6, command.size())))
                        + " failed: " + Files.readString(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }
}
