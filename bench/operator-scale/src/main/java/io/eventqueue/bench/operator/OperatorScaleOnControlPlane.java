package io.eventqueue.bench.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scenario operator-1000-cluster: N EventQueues on the real control plane of testenv/ (kube-apiserver with RBAC and
 * an audit log, controller manager, scheduler, KWOK nodes), reconciled by the operator jar as its own JVM under a
 * ServiceAccount token. Measures the time from the operator's start until every EventQueue is Ready (its pods
 * scheduled and ready on KWOK nodes), the API requests per second the operator sends meanwhile and the writes it
 * sends at rest while every EventQueue is resynced (both from the API server's audit log), and the operator's heap
 * after a full GC and RSS.
 *
 * <p>Usage: {@code java -cp eventqueue-bench-operator-scale.jar io.eventqueue.bench.operator.OperatorScaleOnControlPlane
 * --kubeconfig=… --audit-log=… --operator-jar=… --crds=DIR [--count=1000] [--steady=30] [--resync=10s]
 * [--timeout=1200] [--java=…] [--jvm-flags="…"] [--workdir=…]}. Prints one JSON object.
 */
public final class OperatorScaleOnControlPlane {
    private static final String NS = "bench";
    private static final String OPERATOR_SA = "eventqueue-operator";
    private static final String OPERATOR_USER = "system:serviceaccount:" + NS + ":" + OPERATOR_SA;
    private static final Set<String> WRITES = Set.of("create", "update", "patch", "delete", "deletecollection");
    /** Pods per simulated node: with one replica per EventQueue, count / this many nodes (plus one) hold them. */
    private static final int PODS_PER_NODE = 250;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> options;
    private final KubernetesClient client;

    private OperatorScaleOnControlPlane(Map<String, String> options) throws IOException {
        this.options = options;
        Config config = Config.fromKubeconfig(Files.readString(Path.of(options.get("kubeconfig"))));
        config.setRequestTimeout(60_000);
        this.client = new KubernetesClientBuilder().withConfig(config).build();
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>(Map.of("count", "1000", "steady", "30", "resync", "10s",
                "timeout", "1200", "java", "java", "jvm-flags", "", "workdir", "."));
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 0) {
                System.err.println("operator-scale: unexpected argument " + arg);
                System.exit(2);
            }
            options.put(arg.substring(2, eq), arg.substring(eq + 1));
        }
        for (String required : List.of("kubeconfig", "audit-log", "operator-jar", "crds")) {
            if (!options.containsKey(required)) {
                System.err.println("operator-scale: --" + required + " is required");
                System.exit(2);
            }
        }
        OperatorScaleOnControlPlane scale = new OperatorScaleOnControlPlane(options);
        try {
            System.out.println(scale.run());
        } finally {
            scale.client.close();
        }
        System.exit(0);
    }

    private String run() throws Exception {
        int count = Integer.parseInt(options.get("count"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(options.get("timeout")));
        Path workdir = Path.of(options.get("workdir"));
        Files.createDirectories(workdir);
        installCrds();
        addNodes(count / PODS_PER_NODE + 1);
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
                .create();
        Path kubeconfig = operatorKubeconfig(workdir);
        for (int i = 0; i < count; i++) {
            client.genericKubernetesResources("eventqueue.io/v1alpha1", "EventQueue").inNamespace(NS)
                    .resource(eventQueue(String.format(Locale.ROOT, "eq-%04d", i))).create();
        }

        Path audit = Path.of(options.get("audit-log"));
        ProcessBuilder pb = new ProcessBuilder(operatorCommand()).redirectErrorStream(true)
                .redirectOutput(workdir.resolve("operator.log").toFile());
        pb.environment().put("KUBECONFIG", kubeconfig.toString());
        long rampFrom = Files.size(audit);
        long start = System.nanoTime();
        Process operator = pb.start();
        ProcessMetrics metrics = new ProcessMetrics(Path.of(options.get("java")));
        try {
            int ready = awaitReady(count, deadline, operator);
            double readySeconds = (System.nanoTime() - start) / 1e9;
            // The audit log is written in batches every second: let the ramp's last requests land.
            TimeUnit.SECONDS.sleep(2);
            Requests ramp = requestsSince(audit, rampFrom);
            if (ready < count) {
                return String.format(Locale.ROOT, "{\"error\":\"%s\",\"event_queues\":%d,\"ready\":%d,"
                                + "\"ramp_requests\":%d,\"heap_after_gc_mib\":%.1f,\"rss_mib\":%.1f}",
                        operator.isAlive() ? "not every EventQueue was Ready within " + options.get("timeout") + " s"
                                : "the operator exited with status " + operator.exitValue() + " (see operator.log)",
                        count, ready, ramp.total, operator.isAlive() ? metrics.heapAfterGcMiB(operator.pid()) : 0,
                        operator.isAlive() ? ProcessMetrics.rssMiB(operator.pid()) : 0);
            }
            double operatorCpuRamp = ProcessMetrics.cpuSeconds(operator.pid());
            awaitQuiet(audit, 5, deadline);
            long steadyFrom = Files.size(audit);
            long steadySeconds = Long.parseLong(options.get("steady"));
            double cpuBefore = ProcessMetrics.cpuSeconds(operator.pid());
            TimeUnit.SECONDS.sleep(steadySeconds);
            TimeUnit.SECONDS.sleep(2);
            Requests steady = requestsSince(audit, steadyFrom);
            double cpuSteady = ProcessMetrics.cpuSeconds(operator.pid()) - cpuBefore;
            StringBuilder json = new StringBuilder(String.format(Locale.ROOT,
                    "{\"event_queues\":%d,\"all_ready_s\":%.2f,\"ramp_requests\":%d,\"ramp_requests_per_s\":%.1f,"
                            + "\"ramp_writes\":%d,\"operator_cpu_ramp_s\":%.1f,\"steady_s\":%d,\"steady_requests\":%d,"
                            + "\"steady_writes\":%d,\"steady_cpu_s\":%.2f,\"heap_after_gc_mib\":%.1f,\"rss_mib\":%.1f,"
                            + "\"nodes\":%d,\"writes\":{",
                    count, readySeconds, ramp.total, ramp.total / readySeconds, ramp.writes.values().stream()
                            .mapToInt(Integer::intValue).sum(), operatorCpuRamp, steadySeconds, steady.total,
                    steady.writes.values().stream().mapToInt(Integer::intValue).sum(), cpuSteady,
                    metrics.heapAfterGcMiB(operator.pid()), ProcessMetrics.rssMiB(operator.pid()),
                    client.nodes().list().getItems().size()));
            steady.writes.entrySet().stream().limit(10).forEach(e -> json.append('"').append(e.getKey())
                    .append("\":").append(e.getValue()).append(','));
            if (!steady.writes.isEmpty()) {
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

    private List<String> operatorCommand() {
        List<String> cmd = new ArrayList<>();
        cmd.add(options.get("java"));
        for (String flag : options.get("jvm-flags").trim().split("\\s+")) {
            if (!flag.isEmpty()) {
                cmd.add(flag);
            }
        }
        cmd.addAll(List.of("-jar", options.get("operator-jar"), "--management-port=0",
                "--resync-interval=" + options.get("resync"), "--log-level=warn"));
        return cmd;
    }

    private void installCrds() throws IOException, InterruptedException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(Path.of(options.get("crds")), "*.yml")) {
            for (Path f : files) {
                try (InputStream in = Files.newInputStream(f)) {
                    names.add(client.apiextensions().v1().customResourceDefinitions().load(in).create()
                            .getMetadata().getName());
                }
            }
        }
        for (String name : names) {
            client.apiextensions().v1().customResourceDefinitions().withName(name)
                    .waitUntilCondition(c -> c.getStatus() != null && c.getStatus().getConditions().stream()
                            .anyMatch(x -> x.getType().equals("Established") && x.getStatus().equals("True")),
                            60, TimeUnit.SECONDS);
        }
    }

    /** KWOK manages every node labelled as its own; each holds {@link #PODS_PER_NODE} pods. */
    private void addNodes(int n) {
        Map<String, Quantity> capacity = Map.of("cpu", new Quantity("1000"), "memory", new Quantity("4Ti"),
                "pods", new Quantity(String.valueOf(PODS_PER_NODE)));
        for (int i = 0; i < n; i++) {
            String name = "bench-node-" + i;
            client.nodes().resource(new NodeBuilder().withNewMetadata().withName(name)
                    .addToAnnotations("kwok.x-k8s.io/node", "fake").addToAnnotations("node.alpha.kubernetes.io/ttl", "0")
                    .addToLabels("kubernetes.io/hostname", name).addToLabels("kubernetes.io/os", "linux")
                    .addToLabels("type", "kwok").addToLabels("topology.kubernetes.io/zone", "zone-" + (i % 2 + 1))
                    .endMetadata().withNewStatus().withCapacity(capacity).withAllocatable(capacity).endStatus()
                    .build()).create();
        }
    }

    /** A ServiceAccount bound to cluster-admin (least privilege is OperatorUnderChartRbacTest's job, not a bench's). */
    private Path operatorKubeconfig(Path workdir) throws IOException {
        client.serviceAccounts().inNamespace(NS).resource(new ServiceAccountBuilder().withNewMetadata()
                .withName(OPERATOR_SA).endMetadata().build()).create();
        client.rbac().clusterRoleBindings().resource(new ClusterRoleBindingBuilder().withNewMetadata()
                .withName("eventqueue-bench-operator").endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "cluster-admin")
                .addNewSubject().withKind("ServiceAccount").withName(OPERATOR_SA).withNamespace(NS).endSubject()
                .build()).create();
        String token = client.serviceAccounts().inNamespace(NS).withName(OPERATOR_SA)
                .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(7200L).endSpec().build())
                .getStatus().getToken();
        String admin = Files.readString(Path.of(options.get("kubeconfig")));
        Path kubeconfig = workdir.resolve("operator-kubeconfig.yaml");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters: [{name: testenv, cluster: {server: "%s", certificate-authority-data: %s}}]
                users: [{name: operator, user: {token: %s}}]
                contexts: [{name: testenv, context: {cluster: testenv, user: operator, namespace: %s}}]
                current-context: testenv
                """.formatted(field(admin, "server"), field(admin, "certificate-authority-data"), token, NS));
        return kubeconfig;
    }

    private static String field(String yaml, String name) {
        Matcher m = Pattern.compile("(?m)^\\s*" + Pattern.quote(name) + ":\\s*(\\S+)").matcher(yaml);
        if (!m.find()) {
            throw new IllegalStateException("the kubeconfig has no " + name);
        }
        return m.group(1);
    }

    private static GenericKubernetesResource eventQueue(String name) {
        return new GenericKubernetesResourceBuilder()
                .withApiVersion("eventqueue.io/v1alpha1").withKind("EventQueue")
                .withNewMetadata().withName(name).withNamespace(NS).endMetadata()
                .addToAdditionalProperties("spec", Map.of("replicas", 1))
                .build();
    }

    /** Polls until every EventQueue's Ready condition is True; returns how many were Ready at the end. */
    private int awaitReady(int count, long deadline, Process operator) throws InterruptedException {
        int ready = 0;
        while (System.nanoTime() < deadline && operator.isAlive()) {
            ready = (int) client.genericKubernetesResources("eventqueue.io/v1alpha1", "EventQueue").inNamespace(NS)
                    .list().getItems().stream().filter(OperatorScaleOnControlPlane::isReady).count();
            if (ready >= count) {
                return ready;
            }
            TimeUnit.SECONDS.sleep(3);
        }
        return ready;
    }

    @SuppressWarnings("unchecked")
    private static boolean isReady(GenericKubernetesResource eq) {
        Object status = eq.getAdditionalProperties().get("status");
        if (!(status instanceof Map<?, ?> s) || !(s.get("conditions") instanceof List<?> conditions)) {
            return false;
        }
        return conditions.stream().map(c -> (Map<String, Object>) c)
                .anyMatch(c -> "Ready".equals(c.get("type")) && "True".equals(c.get("status")));
    }

    /** Waits until a whole second passes without a write by the operator, at most {@code seconds} × 6 seconds. */
    private void awaitQuiet(Path audit, int seconds, long deadline) throws IOException, InterruptedException {
        long limit = Math.min(deadline, System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds * 6L));
        int quiet = 0;
        long from = Files.size(audit);
        while (quiet < seconds && System.nanoTime() < limit) {
            TimeUnit.SECONDS.sleep(1);
            Requests r = requestsSince(audit, from);
            from = r.end;
            quiet = r.writes.isEmpty() ? quiet + 1 : 0;
        }
    }

    /** The operator's requests in the audit log from byte {@code from} on (Lease renewals aside for writes). */
    private static Requests requestsSince(Path audit, long from) throws IOException {
        Requests r = new Requests();
        try (RandomAccessFile f = new RandomAccessFile(audit.toFile(), "r")) {
            f.seek(from);
            byte[] rest = new byte[(int) (f.length() - from)];
            f.readFully(rest);
            String text = new String(rest, StandardCharsets.UTF_8);
            int lastNewline = text.lastIndexOf('\n');
            r.end = from + (lastNewline < 0 ? 0 : text.substring(0, lastNewline + 1).getBytes(StandardCharsets.UTF_8).length);
            for (String line : (lastNewline < 0 ? "" : text.substring(0, lastNewline)).split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode e = JSON.readTree(line);
                // One entry per request: watches also log ResponseStarted, every request logs ResponseComplete.
                if (!OPERATOR_USER.equals(e.path("user").path("username").asText())
                        || !"ResponseComplete".equals(e.path("stage").asText())) {
                    continue;
                }
                r.total++;
                String verb = e.path("verb").asText();
                String resource = e.path("objectRef").path("resource").asText();
                String sub = e.path("objectRef").path("subresource").asText("");
                if (WRITES.contains(verb) && !resource.equals("leases")) {
                    r.writes.merge(verb + " " + resource + (sub.isEmpty() ? "" : "/" + sub), 1, Integer::sum);
                }
            }
        }
        return r;
    }

    private static final class Requests {
        long end;
        int total;
        final Map<String, Integer> writes = new TreeMap<>();
    }
}
