package io.eventqueue.operator.contract;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.eventqueue.operator.render.SecretRenderer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What a kubelet would give the container, laid out in a temporary directory: every volume mount of the rendered
 * pod at the same path under {@code root}, and every container port mapped to a free local port.
 */
final class PodSandbox {
    private final Path root;
    private final Container container;
    private final Map<Integer, Integer> ports = new LinkedHashMap<>();

    PodSandbox(Path root, PodSpec pod, ConfigMap configMap, Secret secret) throws IOException {
        this.root = root;
        this.container = pod.getContainers().getFirst();
        for (ContainerPort port : container.getPorts()) {
            ports.put(port.getContainerPort(), freePort());
        }
        for (VolumeMount mount : container.getVolumeMounts()) {
            Volume volume = pod.getVolumes().stream().filter(v -> v.getName().equals(mount.getName())).findFirst()
                    .orElseThrow(() -> new AssertionError("mount " + mount.getName() + " names no volume"));
            mount(mount, volume, configMap, secret);
        }
    }

    private void mount(VolumeMount mount, Volume volume, ConfigMap configMap, Secret secret) throws IOException {
        Path target = path(mount.getMountPath());
        if (volume.getConfigMap() != null) {
            if (!volume.getConfigMap().getName().equals(configMap.getMetadata().getName())) {
                throw new AssertionError("volume " + volume.getName() + " names an unknown ConfigMap");
            }
            Map<String, String> files = configMap.getData();
            if (mount.getSubPath() != null) {
                write(target, files.get(mount.getSubPath()));
            } else {
                for (Map.Entry<String, String> file : files.entrySet()) {
                    write(target.resolve(file.getKey()), file.getValue());
                }
            }
        } else if (volume.getSecret() != null && volume.getSecret().getSecretName().equals(
                secret.getMetadata().getName())) {
            Map<String, String> data = SecretRenderer.decode(secret);
            for (KeyToPath item : volume.getSecret().getItems()) {
                write(target.resolve(item.getPath()), data.get(item.getKey()));
            }
        } else if (volume.getEmptyDir() != null) {
            Files.createDirectories(target);
        } else {
            throw new AssertionError("the contract test cannot provide volume " + volume.getName());
        }
    }

    private static void write(Path file, String content) throws IOException {
        if (content == null) {
            throw new AssertionError("no content for " + file);
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    /** A path inside the pod, as seen in the sandbox. */
    Path path(String podPath) {
        return root.resolve(podPath.substring(1));
    }

    /** The local port standing in for a container port named in the pod (by name or number). */
    int port(IntOrString port) {
        int containerPort = port.getIntVal() != null ? port.getIntVal()
                : container.getPorts().stream().filter(p -> p.getName().equals(port.getStrVal())).findFirst()
                        .orElseThrow(() -> new AssertionError("no container port named " + port.getStrVal()))
                        .getContainerPort();
        Integer local = ports.get(containerPort);
        if (local == null) {
            throw new AssertionError("container port " + containerPort + " is not declared by the container");
        }
        return local;
    }

    /**
     * Rewrites pod paths and listen addresses in text (the config file, arguments) to the sandbox: paths under the
     * mounted volumes move under root, {@code 0.0.0.0:PORT} becomes {@code 127.0.0.1:LOCALPORT}.
     */
    String map(String text) {
        String mounts = container.getVolumeMounts().stream().map(VolumeMount::getMountPath)
                .sorted(Comparator.comparing(String::length).reversed()).map(Pattern::quote)
                .collect(Collectors.joining("|"));
        // One pass, whole path segments only: a mapped path is never mapped again.
        String mapped = Pattern.compile("(?<![\\w./-])(" + mounts + ")(?=$|[/\\s\"'])", Pattern.MULTILINE)
                .matcher(text)
                .replaceAll(m -> Matcher.quoteReplacement(path(m.group(1)).toString()));
        for (Map.Entry<Integer, Integer> port : ports.entrySet()) {
            mapped = mapped.replace("0.0.0.0:" + port.getKey(), "127.0.0.1:" + port.getValue());
        }
        return mapped;
    }

    List<String> args() {
        return container.getArgs().stream().map(this::map).toList();
    }

    Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        container.getEnv().forEach(e -> {
            if (e.getValueFrom() != null) {
                throw new AssertionError("the contract test cannot provide env from " + e.getValueFrom());
            }
            env.put(e.getName(), e.getValue());
        });
        return env;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
