package io.eventqueue.operator.cluster;

import io.eventqueue.operator.Fixtures;
import io.eventqueue.operator.it.Eventually;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What one test sees: the control plane, as the admin (kubectl and a client), and namespaces of the test's own. */
final class TestCluster {
    static final Path CRD = Fixtures.root().resolve("crds/eventqueues.eventqueue.io-v1.yml");
    static final Path SUBSCRIPTION_CRD = Fixtures.root().resolve("crds/eventsubscriptions.eventqueue.io-v1.yml");
    static final Path CHART = Fixtures.root().resolve("charts/eventqueue-operator");
    static final Path CHART_CRD = CHART.resolve("crds/eventqueues.eventqueue.io-v1.yml");
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(3);
    private static final Pattern TOKEN = Pattern.compile("(?m)^(\\s*token:).*$");

    private final ControlPlane controlPlane;
    private final String namespace;
    private final List<String> namespaces = new ArrayList<>();

    TestCluster(ControlPlane controlPlane, String namespace) {
        this.controlPlane = controlPlane;
        this.namespace = namespace;
        createNamespace(namespace);
    }

    String namespace() {
        return namespace;
    }

    KubernetesClient admin() {
        return controlPlane.admin();
    }

    ControlPlane controlPlane() {
        return controlPlane;
    }

    /** Another namespace for this test (namespace-SUFFIX), deleted with the test's own. */
    String createNamespace(String name) {
        String full = name.startsWith(namespace) ? name : namespace + "-" + name;
        admin().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(full).endMetadata().build())
                .create();
        namespaces.add(full);
        return full;
    }

    void deleteNamespaces() {
        namespaces.forEach(ns -> admin().namespaces().withName(ns).delete());
    }

    /** kubectl as the admin, in this test's namespace unless the arguments name another. */
    Processes.Result kubectl(String... args) {
        return kubectlWithInput(null, args);
    }

    Processes.Result kubectlWithInput(String stdin, String... args) {
        List<String> command = new ArrayList<>(List.of(controlPlane.bin("kubectl").toString(),
                "--kubeconfig", controlPlane.kubeconfig().toString(), "--namespace", namespace));
        command.addAll(List.of(args));
        return Processes.run(COMMAND_TIMEOUT, stdin, command.toArray(String[]::new));
    }

    /** helm (installed into bin/ by `make tools`) against the control plane, its caches kept in target/. */
    Processes.Result helm(String... args) {
        Path helm = Fixtures.root().resolve("bin/helm");
        if (!Files.isExecutable(helm)) {
            throw new IllegalStateException(helm + " is missing: run `make tools` (make test does)");
        }
        Path home = Path.of("target/helm").toAbsolutePath();
        List<String> command = new ArrayList<>(List.of("env", "HELM_CACHE_HOME=" + home.resolve("cache"),
                "HELM_CONFIG_HOME=" + home.resolve("config"), "HELM_DATA_HOME=" + home.resolve("data"),
                helm.toString(), "--kubeconfig", controlPlane.kubeconfig().toString()));
        command.addAll(List.of(args));
        return Processes.run(COMMAND_TIMEOUT, null, command.toArray(String[]::new));
    }

    /** A kubeconfig for a ServiceAccount: the admin's with a token from the TokenRequest API instead. */
    Path serviceAccountKubeconfig(String serviceAccountNamespace, String serviceAccount, Path file) {
        String token = kubectl("create", "token", serviceAccount, "-n", serviceAccountNamespace, "--duration=2h")
                .require().stdout().strip();
        try {
            String admin = Files.readString(controlPlane.kubeconfig());
            Files.writeString(file, TOKEN.matcher(admin).replaceFirst("$1 " + Matcher.quoteReplacement(token)));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The committed CRDs (EventQueue, EventSubscription), installed (server-side apply, idempotent) and Established. */
    void installCrd() {
        kubectl("apply", "--server-side", "--force-conflicts", "-f", CRD.toString(), "-f", SUBSCRIPTION_CRD.toString())
                .require();
        awaitCrdEstablished();
        awaitEstablished("eventsubscriptions.eventqueue.io");
    }

    /**
     * Waits for the EventQueue CRD's Established condition. Not {@code kubectl wait}: right after an apply the CRD
     * may have no status conditions yet, and kubectl then fails at once ("conditions accessor error") instead of
     * waiting; seen under load.
     */
    CustomResourceDefinition awaitCrdEstablished() {
        return awaitEstablished("eventqueues.eventqueue.io");
    }

    private CustomResourceDefinition awaitEstablished(String name) {
        return Eventually.until("crd/" + name + " Established", Duration.ofSeconds(60), () -> {
            CustomResourceDefinition crd = admin().apiextensions().v1().customResourceDefinitions()
                    .withName(name).get();
            boolean established = crd != null && crd.getStatus() != null && crd.getStatus().getConditions() != null
                    && crd.getStatus().getConditions().stream()
                            .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
            return established ? crd : null;
        });
    }
}
