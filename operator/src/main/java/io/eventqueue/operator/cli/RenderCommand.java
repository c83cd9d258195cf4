package io.eventqueue.operator.cli;

import io.eventqueue.operator.OperatorSettings;
import io.eventqueue.operator.api.v1alpha1.EventQueue;
import io.eventqueue.operator.render.Credentials;
import io.eventqueue.operator.render.Instance;
import io.eventqueue.operator.render.Manifests;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code render -f cr.yaml}: prints every object the operator would create for an EventQueue, as multi-document YAML,
 * without a cluster and with the same renderers the reconciler uses.
 */
final class RenderCommand {
    static final String USAGE = "usage: render -f FILE|- [-n NAMESPACE] [--runtime-image=IMAGE]"
            + " [--credentials=generate|omit]";
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private RenderCommand() {
    }

    static void run(List<String> args, InputStream stdin, PrintStream out) throws IOException {
        String file = null;
        String namespace = null;
        String image = OperatorSettings.DEFAULT_RUNTIME_IMAGE;
        boolean generate = true;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if ((arg.equals("-f") || arg.equals("-n")) && i + 1 < args.size()) {
                if (arg.equals("-f")) {
                    file = args.get(++i);
                } else {
                    namespace = args.get(++i);
                }
            } else if (arg.startsWith("--runtime-image=")) {
                image = arg.substring("--runtime-image=".length());
            } else if (arg.equals("--credentials=generate") || arg.equals("--credentials=omit")) {
                generate = arg.endsWith("generate");
            } else {
                throw new IllegalArgumentException("render: unexpected argument " + arg + "; " + USAGE);
            }
        }
        if (file == null) {
            throw new IllegalArgumentException("render: -f is required; " + USAGE);
        }
        String yaml = file.equals("-") ? new String(stdin.readAllBytes(), StandardCharsets.UTF_8)
                : Files.readString(Path.of(file));
        SecureRandom random = new SecureRandom();
        List<String> documents = new ArrayList<>();
        for (EventQueue resource : parse(yaml, file)) {
            if (namespace != null) {
                resource.getMetadata().setNamespace(namespace);
            }
            Instance instance = Instance.of(resource, image);
            Optional<Credentials> credentials = generate ? Optional.of(Credentials.generate(random)) : Optional.empty();
            for (HasMetadata object : Manifests.render(instance, credentials)) {
                documents.add(SERIALIZATION.asYaml(object));
            }
        }
        documents.forEach(out::print);
        out.flush();
    }

    static List<EventQueue> parse(String yaml, String source) {
        Object parsed = SERIALIZATION.unmarshal(yaml);
        List<?> items = parsed instanceof List<?> list ? list : List.of(parsed);
        List<EventQueue> resources = new ArrayList<>();
        String apiVersion = EventQueue.GROUP + "/" + EventQueue.VERSION;
        for (Object item : items) {
            if (!(item instanceof HasMetadata object) || !"EventQueue".equals(object.getKind())
                    || !apiVersion.equals(object.getApiVersion())) {
                throw new IllegalArgumentException("render: " + source + ": expected apiVersion " + apiVersion
                        + ", kind EventQueue, got " + (item instanceof HasMetadata h
                                ? h.getApiVersion() + ", kind " + h.getKind() : String.valueOf(item)));
            }
            EventQueue resource = SERIALIZATION.convertValue(object, EventQueue.class);
            if (resource.getMetadata() == null || resource.getMetadata().getName() == null) {
                throw new IllegalArgumentException("render: " + source + ": metadata.name is required");
            }
            resources.add(resource);
        }
        return resources;
    }
}
