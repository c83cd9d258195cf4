package io.eventqueue.operator.cluster;

import io.eventqueue.operator.Fixtures;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The control plane testenv/ builds from Go modules (etcd, kube-apiserver with RBAC and audit log, controller
 * manager, scheduler, KWOK nodes), started by the same script as `make testenv-up`, once per test run, and stopped
 * by the pids that script recorded.
 */
final class ControlPlane implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);

    private final Path state;
    private final Path binaries;
    private final KubernetesClient admin;

    private ControlPlane(Path state, Path binaries) {
        this.state = state;
        this.binaries = binaries;
        this.admin = new KubernetesClientBuilder().withConfig(config(kubeconfig())).build();
    }

    static ControlPlane start() {
        Path testenv = Fixtures.root().resolve("testenv");
        Path state = Path.of("target/testenv").toAbsolutePath();
        List<String> built = Processes.run(START_TIMEOUT, null, "bash", testenv.resolve("build.sh").toString()).require()
                .stdout().lines().toList();
        Path binaries = Path.of(built.getLast());
        Processes.run(START_TIMEOUT, null, "bash", testenv.resolve("controlplane.sh").toString(), "up",
                state.toString(), binaries.toString()).require();
        return new ControlPlane(state, binaries);
    }

    static Config config(Path kubeconfig) {
        try {
            return Config.fromKubeconfig(Files.readString(kubeconfig));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path kubeconfig() {
        return state.resolve("kubeconfig");
    }

    Path auditLog() {
        return state.resolve("audit.log");
    }

    Path bin(String name) {
        return binaries.resolve("bin").resolve(name);
    }

    KubernetesClient admin() {
        return admin;
    }

    @Override
    public void close() {
        admin.close();
        Processes.run(Duration.ofMinutes(1), null, "bash", Fixtures.root().resolve("testenv/controlplane.sh").toString(),
                "down", state.toString()).require();
    }
}
