package io.eventqueue.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What `helm install` creates: valid Kubernetes objects with the hardening, HA and image names we promise. */
class ChartTest {
    private static final List<ObjectNode> DEFAULTS = YamlDocuments.parse(Helm.template().orFail());

    static Stream<Arguments> valueSets() {
        List<Arguments> sets = new ArrayList<>();
        sets.add(Arguments.of("defaults", List.of()));
        for (Path values : Project.yamlFilesIn(Project.chart().resolve("ci"))) {
            sets.add(Arguments.of(values.getFileName().toString(), List.of("-f", values.toString())));
        }
        return sets.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueSets")
    void everyRenderedObjectIsValidKubernetes(String name, List<String> args) {
        List<ObjectNode> documents = YamlDocuments.parse(Helm.template(args.toArray(String[]::new)).orFail());
        KubernetesSchemaValidator validator = new KubernetesSchemaValidator();

        assertThat(documents).extracting(d -> d.path("kind").asText()).contains("Deployment", "ServiceAccount");
        assertThat(validator.problems(documents)).isEmpty();
    }

    @Test
    void chartVersionFollowsTheProjectVersion() {
        JsonNode chart = YamlDocuments.read(Project.chart().resolve("Chart.yaml")).getFirst();

        assertThat(chart.path("version").asText()).isEqualTo(Project.version());
        assertThat(chart.path("appVersion").asText()).isEqualTo(Project.version());
    }

    @Test
    void imagesDefaultToTheNamesTheBuildProduces() {
        JsonNode container = operatorContainer(DEFAULTS);

        assertThat(container.path("image").asText())
                .isEqualTo(Project.imageRegistry() + "/eventqueue-operator:" + Project.version());
        assertThat(env(container)).containsEntry("EVENTQUEUE_OPERATOR_RUNTIME_IMAGE",
                Project.imageRegistry() + "/eventqueue-runtime:" + Project.version());
    }

    @Test
    void operatorDefaultsAgreeWithTheChart() throws java.io.IOException {
        String settings = java.nio.file.Files.readString(Project.root()
                .resolve("operator/src/main/java/io/eventqueue/operator/settings/OperatorSettings.java"));

        assertThat(constant(settings, "DEFAULT_RUNTIME_IMAGE"))
                .isEqualTo(Project.imageRegistry() + "/eventqueue-runtime:" + Project.version());
        assertThat(constant(settings, "DEFAULT_MANAGEMENT_PORT")).isEqualTo("8081");
    }

    @Test
    void operatorRunsHighlyAvailableWithLeaderElection() {
        JsonNode deployment = YamlDocuments.single(DEFAULTS, "Deployment");
        JsonNode container = operatorContainer(DEFAULTS);

        assertThat(deployment.path("spec").path("replicas").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(env(container)).containsEntry("EVENTQUEUE_OPERATOR_LEADER_ELECTION_ENABLED", "true")
                .containsEntry("EVENTQUEUE_OPERATOR_LEADER_ELECTION_LEASE_NAME", Helm.RELEASE);
        assertThat(YamlDocuments.single(DEFAULTS, "PodDisruptionBudget").path("spec").path("maxUnavailable").asInt()).isEqualTo(1);
        assertThat(deployment.at("/spec/template/spec/affinity/podAntiAffinity").isObject()).isTrue();
    }

    @Test
    void operatorPodIsRestricted() {
        JsonNode pod = YamlDocuments.single(DEFAULTS, "Deployment").at("/spec/template/spec");
        JsonNode container = operatorContainer(DEFAULTS);

        assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
        assertThat(pod.at("/securityContext/runAsUser").asInt()).isPositive();
        assertThat(pod.at("/securityContext/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");
        assertThat(container.at("/securityContext/allowPrivilegeEscalation").asBoolean(true)).isFalse();
        assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(container.at("/securityContext/capabilities/drop").toString()).isEqualTo("[\"ALL\"]");
        assertThat(container.at("/resources/requests")).isEqualTo(container.at("/resources/limits"));
    }

    @Test
    void probesUseTheOperatorsHealthEndpointsOnTheManagementPort() {
        JsonNode container = operatorContainer(DEFAULTS);

        assertThat(container.at("/ports/0/name").asText()).isEqualTo("management");
        assertThat(container.at("/ports/0/containerPort").asInt()).isEqualTo(8081);
        assertThat(container.at("/startupProbe/httpGet/path").asText()).isEqualTo("/health/live");
        assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/health/live");
        assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/health/ready");
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            assertThat(container.path(probe).at("/httpGet/port").asText()).as(probe).isEqualTo("management");
        }
        JsonNode service = YamlDocuments.single(DEFAULTS, "Service");
        assertThat(service.at("/spec/ports/0/targetPort").asText()).isEqualTo("management");
    }

    @Test
    void clusterModeGrantsOneClusterRoleAndTheLeaseInTheReleaseNamespaceOnly() {
        JsonNode leaseRole = leaseRole(DEFAULTS);

        assertThat(YamlDocuments.ofKind(DEFAULTS, "ClusterRole")).hasSize(1);
        assertThat(YamlDocuments.ofKind(DEFAULTS, "ClusterRoleBinding")).hasSize(1);
        assertThat(leaseRole.at("/metadata/namespace").asText()).isEqualTo(Helm.NAMESPACE);
        RbacRules lease = RbacRules.of(leaseRole);
        assertThat(lease.allows(new ApiCall("patch", "coordination.k8s.io", "leases", Helm.RELEASE))).isTrue();
        assertThat(lease.allows(new ApiCall("patch", "coordination.k8s.io", "leases", "someone-elses-lease"))).isFalse();
        assertThat(lease.allows(new ApiCall("delete", "coordination.k8s.io", "leases", Helm.RELEASE))).isFalse();
    }

    @Test
    void namespacedModeHasNoClusterWideAccess() {
        List<ObjectNode> documents = YamlDocuments.parse(Helm.template("--set", "watch.namespaces={team-a,team-b}").orFail());
        ApiCall readSecrets = new ApiCall("list", "", "secrets", "");

        assertThat(YamlDocuments.ofKind(documents, "ClusterRole")).isEmpty();
        assertThat(YamlDocuments.ofKind(documents, "ClusterRoleBinding")).isEmpty();
        List<ObjectNode> roles = YamlDocuments.ofKind(documents, "Role").stream()
                .filter(role -> !role.at("/metadata/name").asText().endsWith("-leader-election")).toList();
        assertThat(roles).extracting(role -> role.at("/metadata/namespace").asText()).containsExactly("team-a", "team-b");
        JsonNode clusterRules = YamlDocuments.single(DEFAULTS, "ClusterRole").path("rules");
        assertThat(roles).allSatisfy(role -> assertThat(role.path("rules")).isEqualTo(clusterRules));
        assertThat(roles).allSatisfy(role -> assertThat(RbacRules.of(role).allows(readSecrets)).isTrue());
        assertThat(RbacRules.of(leaseRole(documents)).allows(readSecrets)).isFalse();
        assertThat(YamlDocuments.ofKind(documents, "RoleBinding")).extracting(b -> b.at("/subjects/0/namespace").asText())
                .containsOnly(Helm.NAMESPACE);
        assertThat(env(operatorContainer(documents))).containsEntry("EVENTQUEUE_OPERATOR_WATCH_NAMESPACES", "team-a,team-b");
    }

    @Test
    void javaToolOptionsDefaultToTheImagesOwn() {
        assertThat(env(operatorContainer(DEFAULTS))).containsEntry("JAVA_TOOL_OPTIONS", Project.imageJavaOptions());
    }

    /**
     * A user's {@code javaToolOptions} really reaches the JVM: the chart puts it in JAVA_TOOL_OPTIONS, and the images
     * put no JVM flag on the command line that would be read after it and win. The JVM started here as the image
     * starts it (no flags before {@code -jar}) reports the user's heap percentage.
     */
    @Test
    void aUsersJavaToolOptionsReplaceTheImagesDefaultsAndTakeEffect() throws Exception {
        List<ObjectNode> documents = YamlDocuments.parse(Helm.template("--set",
                "javaToolOptions=-XX:MaxRAMPercentage=50 -XX:+ExitOnOutOfMemoryError").orFail());
        String options = env(operatorContainer(documents)).get("JAVA_TOOL_OPTIONS");
        assertThat(options).isEqualTo("-XX:MaxRAMPercentage=50 -XX:+ExitOnOutOfMemoryError");
        for (String pom : List.of("pom.xml", "runtime/pom.xml", "operator/pom.xml")) {
            assertThat(java.nio.file.Files.readString(Project.root().resolve(pom)))
                    .as("%s: JVM flags on the image's command line would win over JAVA_TOOL_OPTIONS", pom)
                    .doesNotContain("<jvmFlag>-XX:MaxRAMPercentage").doesNotContain("<jvmFlag>-XX:+ExitOnOutOfMemoryError");
        }
        for (String image : List.of("runtime", "operator")) {
            assertThat(java.nio.file.Files.readString(Project.root().resolve("images/" + image + "/Dockerfile")))
                    .contains("ENTRYPOINT [\"java\", \"-jar\"");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder jvm = new ProcessBuilder(java, "-XX:+PrintFlagsFinal", "-version").redirectErrorStream(true);
        jvm.environment().put("JAVA_TOOL_OPTIONS", options);
        Process process = jvm.start();
        String flags = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).isZero();
        assertThat(flags).containsPattern("MaxRAMPercentage\\s+=\\s+50\\.0");
    }

    @Test
    void monitoringObjectsAreOffByDefault() {
        assertThat(DEFAULTS).extracting(d -> d.path("kind").asText())
                .doesNotContain("ServiceMonitor", "PodMonitor", "PrometheusRule", "ConfigMap");
    }

    @Test
    void prometheusRuleAlertsWhenNoOperatorReplicaIsScraped() {
        List<ObjectNode> documents = YamlDocuments.parse(Helm.template("--set", "metrics.serviceMonitor.enabled=true",
                "--set", "metrics.prometheusRule.enabled=true").orFail());
        JsonNode rule = YamlDocuments.single(documents, "PrometheusRule");
        JsonNode monitor = YamlDocuments.single(documents, "ServiceMonitor");

        assertThat(monitor.at("/spec/endpoints/0/port").asText()).isEqualTo("management");
        assertThat(monitor.at("/spec/endpoints/0/path").asText()).isEqualTo("/metrics");
        assertThat(rule.at("/spec/groups/0/rules/0/alert").asText()).isEqualTo("EventQueueOperatorDown");
        assertThat(rule.at("/spec/groups/0/rules/0/expr").asText()).contains("job=\"" + Helm.RELEASE + "-metrics\"");
    }

    /**
     * The PodMonitor selects exactly the pods the operator renders for an instance (their labels and the name of
     * their management port), one job per EventQueue, in the watched namespaces.
     */
    @Test
    void instancePodMonitorScrapesEveryInstancesRuntimePodsOneJobPerEventQueue() throws Exception {
        JsonNode monitor = YamlDocuments.single(YamlDocuments.parse(Helm.template("--set",
                "metrics.instancePodMonitor.enabled=true").orFail()), "PodMonitor");
        JsonNode runtimePod = YamlDocuments.single(YamlDocuments.read(Project.root().resolve("samples/manifests/basic/deployment.yaml")),
                "Deployment").at("/spec/template");

        assertThat(monitor.at("/spec/jobLabel").asText()).isEqualTo("app.kubernetes.io/instance");
        assertThat(runtimePod.at("/metadata/labels").has("app.kubernetes.io/instance")).isTrue();
        monitor.at("/spec/selector/matchLabels").properties().forEach(label ->
                assertThat(runtimePod.at("/metadata/labels").path(label.getKey()).asText()).as(label.getKey())
                        .isEqualTo(label.getValue().asText()));
        String port = monitor.at("/spec/podMetricsEndpoints/0/port").asText();
        assertThat(runtimePod.at("/spec/containers/0/ports").findValuesAsText("name")).contains(port);
        assertThat(monitor.at("/spec/podMetricsEndpoints/0/path").asText()).isEqualTo("/metrics");
        assertThat(monitor.at("/spec/namespaceSelector/any").asBoolean()).isTrue();

        JsonNode namespaced = YamlDocuments.single(YamlDocuments.parse(Helm.template("--set", "metrics.instancePodMonitor.enabled=true",
                "--set", "watch.namespaces={team-a,team-b}").orFail()), "PodMonitor");
        assertThat(namespaced.at("/spec/namespaceSelector/matchNames").toString()).isEqualTo("[\"team-a\",\"team-b\"]");
    }

    @Test
    void prometheusRuleGroupsPassPromtool() throws Exception {
        java.util.Optional<Path> promtool = onPath("promtool");
        org.junit.jupiter.api.Assumptions.assumeTrue(promtool.isPresent(),
                "promtool is not installed (Debian package prometheus; the observability targets install it)");
        JsonNode rule = YamlDocuments.single(YamlDocuments.parse(Helm.template("--set", "metrics.serviceMonitor.enabled=true",
                "--set", "metrics.prometheusRule.enabled=true").orFail()), "PrometheusRule");
        Path rules = java.nio.file.Files.createTempFile("prometheus-rule", ".yaml");
        try {
            YamlDocuments.YAML.writeValue(rules.toFile(), rule.path("spec"));
            Process process = new ProcessBuilder(promtool.get().toString(), "check", "rules", rules.toString())
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            assertThat(process.waitFor()).as(output).isZero();
        } finally {
            java.nio.file.Files.deleteIfExists(rules);
        }
    }

    @Test
    void dashboardConfigMapHoldsEveryDashboardOfTheChart() {
        List<Path> dashboards = jsonFilesIn(Project.chart().resolve("dashboards"));
        Helm.Result result = Helm.template("--set", "metrics.dashboard.enabled=true");

        if (dashboards.isEmpty()) {
            assertThat(result.exitCode()).isNotZero();
            assertThat(result.stderr()).contains("the chart holds no dashboards/*.json");
        } else {
            JsonNode configMap = YamlDocuments.single(YamlDocuments.parse(result.orFail()), "ConfigMap");
            List<String> keys = new ArrayList<>();
            configMap.path("data").fieldNames().forEachRemaining(keys::add);
            assertThat(keys).containsExactlyInAnyOrderElementsOf(
                    dashboards.stream().map(p -> p.getFileName().toString()).toList());
            assertThat(configMap.at("/metadata/labels/grafana_dashboard").asText()).isEqualTo("1");
        }
    }

    /** The value of a Java constant in source text ({@code NAME = "value";} or {@code NAME = 42;}). */
    private static String constant(String source, String name) {
        var matcher = java.util.regex.Pattern.compile("\\b" + name + "\\s*=\\s*\"?([^\";]*)\"?;").matcher(source);
        if (!matcher.find()) {
            throw new AssertionError("constant " + name + " not found");
        }
        return matcher.group(1);
    }

    private static java.util.Optional<Path> onPath(String command) {
        return java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .map(dir -> Path.of(dir, command)).filter(java.nio.file.Files::isExecutable).findFirst();
    }

    static JsonNode operatorContainer(List<ObjectNode> documents) {
        return YamlDocuments.single(documents, "Deployment").at("/spec/template/spec/containers/0");
    }

    static Map<String, String> env(JsonNode container) {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        container.path("env").forEach(e -> env.put(e.path("name").asText(), e.path("value").asText()));
        return env;
    }

    private static JsonNode leaseRole(List<ObjectNode> documents) {
        return YamlDocuments.ofKind(documents, "Role").stream()
                .filter(role -> role.at("/metadata/name").asText().endsWith("-leader-election"))
                .findFirst().orElseThrow(() -> new AssertionError("no leader-election Role rendered"));
    }

    private static List<Path> jsonFilesIn(Path dir) {
        if (!java.nio.file.Files.isDirectory(dir)) {
            return List.of();
        }
        try (var files = java.nio.file.Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
