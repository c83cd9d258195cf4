package io.eventqueue.bench.operator;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;

/**
 * Scenario operator-1000: N EventQueues in the fabric8 mock API server (CRUD mode), then the real operator jar
 * started as its own JVM against it. Measures the time from the operator's start until every EventQueue has its
 * dependents, the operator's heap after a full GC, and the write requests it sends during a steady-state window in
 * which every EventQueue is resynced (no-op reconciles must not write).
 *
 * <p>Usage: {@code java -jar eventqueue-bench-operator-scale.jar --operator-jar=… --crd=… [--count=1000]
 * [--steady=30] [--resync=10s] [--timeout=600] [--java=…] [--jvm-flags="…"] [--workdir=…]}. Prints one JSON object.
 */
public final class OperatorScale {
    private static final String NS = "bench";
    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");
    /** Small objects first: a poll stops at the first kind that is not complete, to keep the mock server free. */
    private static final List<String> DEPENDENT_KINDS = List.of("serviceaccounts", "configmaps", "secrets", "services",
            "deployments");

    /** The mock server logs every request at INFO: on a 2-core machine that costs more than serving them. */
    private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8");

    private final Map<String, String> options;
    private final KubernetesMockServer server;
    private final KubernetesClient client;
    private final Map<String, Integer> writesByPath = new TreeMap<>();

    private OperatorScale(Map<String, String> options) {
        this.options = options;
        this.server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(List.of()), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        this.client = server.createClient();
    }

    public static void main(String[] args) throws Exception {
        MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
        Map<String, String> options = new LinkedHashMap<>(Map.of("count", "1000", "steady", "30", "resync", "10s",
                "timeout", "600", "java", "java", "jvm-flags", "", "workdir", "."));
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 0) {
                System.err.println("operator-scale: unexpected argument " + arg);
                System.exit(2);
            }
            options.put(arg.substring(2, eq), arg.substring(eq + 1));
        }
        if (!options.containsKey("operator-jar") || !options.containsKey("crd")) {
            System.err.println("operator-scale: --operator-jar and --crd are required");
            System.exit(2);
        }
        OperatorScale scale = new OperatorScale(options);
        try {
            System.out.println(scale.run());
        } finally {
            scale.client.close();
            scale.server.destroy();
        }
        System.exit(0);
    }

    private String run() throws Exception {
        int count = Integer.parseInt(options.get("count"));
        long timeoutNanos = TimeUnit.SECONDS.toNanos(Long.parseLong(options.get("timeout")));
        Path workdir = Path.of(options.get("workdir"));
        Files.createDirectories(workdir);
        try (InputStream crd = Files.newInputStream(Path.of(options.get("crd")))) {
            client.apiextensions().v1().customResourceDefinitions().load(crd).create();
        }
        client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
                .withName(NS).endMetadata().build()).create();
        for (int i = 0; i < count; i++) {
            client.genericKubernetesResources("eventqueue.io/v1alpha1", "EventQueue").inNamespace(NS)
                    .resource(eventQueue(String.format(Locale.ROOT, "eq-%04d", i))).create();
        }
        drainRecorded(false);

        Path kubeconfig = workdir.resolve("kubeconfig.yaml");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters: [{name: mock, cluster: {server: "http://127.0.0.1:%d"}}]
                users: [{name: bench, user: {token: bench}}]
                contexts: [{name: mock, context: {cluster: mock, user: bench, namespace: %s}}]
                current-context: mock
                """.formatted(server.getPort(), NS));
        List<String> cmd = new ArrayList<>();
        cmd.add(options.get("java"));
        for (String flag : options.get("jvm-flags").trim().split("\\s+")) {
            if (!flag.isEmpty()) {
                cmd.add(flag);
            }
        }
        cmd.addAll(List.of("-jar", options.get("operator-jar"), "--management-port=0",
                "--resync-interval=" + options.get("resync"), "--log-level=warn"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(workdir.resolve("operator.log").toFile());
        pb.environment().put("KUBECONFIG", kubeconfig.toString());
        long start = System.nanoTime();
        Process operator = pb.start();
        try {
            double driverCpuBefore = ProcessMetrics.cpuSeconds(ProcessHandle.current().pid());
            Map<String, Integer> counts = new LinkedHashMap<>();
            boolean complete = awaitDependents(count, start + timeoutNanos, operator, counts);
            double allDependentsSeconds = (System.nanoTime() - start) / 1e9;
            String cpuSplit = String.format(Locale.ROOT, "\"operator_cpu_s\":%.1f,\"mock_server_cpu_s\":%.1f",
                    operator.isAlive() ? ProcessMetrics.cpuSeconds(operator.pid()) : Double.NaN,
                    ProcessMetrics.cpuSeconds(ProcessHandle.current().pid()) - driverCpuBefore);
            if (!complete) {
                if (!operator.isAlive()) {
                    return "{\"error\":\"the operator exited with status " + operator.exitValue()
                            + " (see operator.log)\"}";
                }
                StringBuilder partial = new StringBuilder("{\"error\":\"not every EventQueue got its dependents within "
                        + options.get("timeout") + " s\",\"event_queues\":" + count + ",\"dependents\":{");
                counts.forEach((k, v) -> partial.append('"').append(k).append("\":").append(v).append(','));
                partial.setLength(partial.length() - 1);
                return partial.append(String.format(Locale.ROOT, "},%s,\"heap_after_gc_mib\":%.1f,\"rss_mib\":%.1f}",
                        cpuSplit, new ProcessMetrics(Path.of(options.get("java"))).heapAfterGcMiB(operator.pid()), ProcessMetrics.rssMiB(operator.pid()))).toString();
            }
            // Let status patches and Kubernetes Events of the initial reconciles land, then watch a quiet window
            // long enough for every EventQueue to be resynced at least twice.
            awaitQuiet(5, start + timeoutNanos);
            drainRecorded(false);
            writesByPath.clear();
            long steadySeconds = Long.parseLong(options.get("steady"));
            double cpuBefore = ProcessMetrics.cpuSeconds(operator.pid());
            TimeUnit.SECONDS.sleep(steadySeconds);
            int writes = drainRecorded(true);
            double cpuSteady = ProcessMetrics.cpuSeconds(operator.pid()) - cpuBefore;
            double heapAfterGc = new ProcessMetrics(Path.of(options.get("java"))).heapAfterGcMiB(operator.pid());
            double rss = ProcessMetrics.rssMiB(operator.pid());
            StringBuilder json = new StringBuilder("{");
            json.append(String.format(Locale.ROOT, "\"event_queues\":%d,\"all_dependents_s\":%.2f,%s,", count,
                    allDependentsSeconds, cpuSplit));
            json.append("\"dependents\":{");
            counts.forEach((k, v) -> json.append('"').append(k).append("\":").append(v).append(','));
            json.setLength(json.length() - 1);
            json.append(String.format(Locale.ROOT, "},\"steady_s\":%d,\"steady_writes\":%d,"
                            + "\"steady_cpu_s\":%.2f,\"heap_after_gc_mib\":%.1f,\"rss_mib\":%.1f,\"writes\":{",
                    steadySeconds, writes, cpuSteady, heapAfterGc, rss));
            writesByPath.entrySet().stream().limit(10).forEach(e -> json.append('"').append(e.getKey())
                    .append("\":").append(e.getValue()).append(','));
            if (!writesByPath.isEmpty()) {
                json.setLength(json.length() - 1);
            }
            return json.append("}}").toString();
        } finally {
            operator.destroy();
            if (!operator.waitFor(30, TimeUnit.SECONDS)) {
                operator.destroyForcibly();
            }
        }
    }

    private static GenericKubernetesResource eventQueue(String name) {
        return new GenericKubernetesResourceBuilder()
                .withApiVersion("eventqueue.io/v1alpha1").withKind("EventQueue")
                .withNewMetadata().withName(name).withNamespace(NS).endMetadata()
                .addToAdditionalProperties("spec", Map.of("replicas", 1))
                .build();
    }

    /**
     * Polls until every dependent kind has {@code count} objects; {@code counts} holds the last counts seen (kinds
     * after the first incomplete one are not listed). False on timeout or when the operator died.
     */
    private boolean awaitDependents(int count, long deadline, Process operator, Map<String, Integer> counts)
            throws InterruptedException {
        while (System.nanoTime() < deadline && operator.isAlive()) {
            counts.clear();
            boolean all = true;
            for (String kind : DEPENDENT_KINDS) {
                int n = countOf(kind);
                counts.put(kind, n);
                if (n < count) {
                    all = false;
                    break;
                }
            }
            if (all) {
                counts.put("networkpolicies", client.network().v1().networkPolicies().inNamespace(NS).list()
                        .getItems().size());
                counts.put("poddisruptionbudgets", client.policy().v1().podDisruptionBudget().inNamespace(NS).list()
                        .getItems().size());
                return true;
            }
            TimeUnit.SECONDS.sleep(3);
        }
        return false;
    }

    private int countOf(String kind) {
        Supplier<Integer> list = switch (kind) {
            case "deployments" -> () -> client.apps().deployments().inNamespace(NS).list().getItems().size();
            case "services" -> () -> client.services().inNamespace(NS).list().getItems().size();
            case "configmaps" -> () -> client.configMaps().inNamespace(NS).list().getItems().size();
            case "secrets" -> () -> client.secrets().inNamespace(NS).list().getItems().size();
            case "serviceaccounts" -> () -> client.serviceAccounts().inNamespace(NS).list().getItems().size();
            default -> throw new IllegalArgumentException(kind);
        };
        return list.get();
    }

    /** Waits until a whole second passes without a write request, at most {@code seconds} × 6 seconds. */
    private void awaitQuiet(int seconds, long deadline) throws InterruptedException {
        long limit = Math.min(deadline, System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds * 6L));
        int quiet = 0;
        while (quiet < seconds && System.nanoTime() < limit) {
            TimeUnit.SECONDS.sleep(1);
            quiet = drainRecorded(false) == 0 ? quiet + 1 : 0;
        }
    }

    /** Takes every request the mock server recorded so far; returns how many were writes (Lease renewals aside). */
    private int drainRecorded(boolean keep) throws InterruptedException {
        int writes = 0;
        RecordedRequest request;
        while ((request = server.takeRequest(1, TimeUnit.MILLISECONDS)) != null) {
            String path = request.getPath();
            if (WRITES.contains(request.getMethod()) && !path.contains("/leases")) {
                writes++;
                if (keep) {
                    writesByPath.merge(request.getMethod() + " " + path.replaceAll("/eq-\\d+", "/eq-N"), 1,
                            Integer::sum);
                }
            }
        }
        return writes;
    }
}
