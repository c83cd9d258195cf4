package io.eventqueue.operator.cli;

import io.eventqueue.operator.settings.OperatorSettings;
import io.eventqueue.operator.api.v1alpha1.EventQueue;
import io.eventqueue.operator.api.v1alpha1.EventSubscription;
import io.eventqueue.operator.render.Credentials;
import io.eventqueue.operator.render.Instance;
import io.eventqueue.operator.render.Labels;
import io.eventqueue.operator.render.Manifests;
import io.eventqueue.operator.render.SubscriptionRenderer;
import io.eventqueue.operator.render.SubscriptionVerdict;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code render -f cr.yaml}: prints every object the operator would create for an EventQueue, as multi-document YAML,
 * without a cluster and with the same renderers the reconciler uses.
 */
final class RenderCommand {
    static final String USAGE = "usage: render -f FILE|- [-n NAMESPACE] [-o DIR] [--runtime-image=IMAGE]"
            + " [--credentials=generate|omit]";
    static final String HELP = USAGE + """

              -f FILE|-            EventQueue resource(s) to render (YAML, several documents allowed); - reads stdin
              -n NAMESPACE         namespace of every rendered object (default: the resource's own)
              -o DIR               one file per object in DIR instead of YAML on stdout
              --runtime-image=IMG  runtime image of the pods (default: %s)
              --credentials=generate|omit
                                   generate the admin password and JWT key into a Secret (default), or leave the
                                   Secret out (for committed manifests)
            Errors print one line and exit with status 2.
            """.formatted(OperatorSettings.DEFAULT_RUNTIME_IMAGE);
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private RenderCommand() {
    }

    static void run(List<String> args, InputStream stdin, PrintStream out) throws IOException {
        run(args, stdin, out, Path.of(""));
    }

    /**
     * @param workingDir directory a relative {@code -f} path is read from (it is printed as given)
     * @throws IllegalArgumentException for every usage or input error, with a one-line message naming the argument,
     *                                  file or field
     */
    static void run(List<String> args, InputStream stdin, PrintStream out, Path workingDir) throws IOException {
        if (args.contains("--help") || args.contains("-h")) {
            out.print(HELP);
            out.flush();
            return;
        }
        String file = null;
        String namespace = null;
        Path outputDir = null;
        String image = OperatorSettings.DEFAULT_RUNTIME_IMAGE;
        boolean generate = true;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "-f" -> file = value(args, ++i, arg);
                case "-n" -> namespace = value(args, ++i, arg);
                case "-o" -> outputDir = workingDir.resolve(value(args, ++i, arg));
                default -> {
                    if (arg.startsWith("--runtime-image=") && arg.length() > "--runtime-image=".length()) {
                        image = arg.substring("--runtime-image=".length());
                    } else if (arg.startsWith("--credentials=")) {
                        String mode = arg.substring("--credentials=".length());
                        if (!mode.equals("generate") && !mode.equals("omit")) {
                            throw new IllegalArgumentException("render: --credentials must be generate or omit, got '"
                                    + mode + "'; " + USAGE);
                        }
                        generate = mode.equals("generate");
                    } else {
                        throw new IllegalArgumentException("render: unexpected argument " + arg + "; " + USAGE);
                    }
                }
            }
        }
        if (file == null) {
            throw new IllegalArgumentException("render: -f is required; " + USAGE);
        }
        String yaml = file.equals("-") ? new String(stdin.readAllBytes(), StandardCharsets.UTF_8) : read(workingDir, file);
        SecureRandom random = new SecureRandom();
        List<HasMetadata> objects = new ArrayList<>();
        Input input = parse(yaml, file);
        for (EventQueue resource : input.eventQueues()) {
            if (namespace != null) {
                resource.getMetadata().setNamespace(namespace);
            }
            Instance instance = Instance.of(resource, image, input.schemaSources(), folded(resource, input, file));
            Optional<Credentials> credentials = generate ? Optional.of(Credentials.generate(random)) : Optional.empty();
            objects.addAll(Manifests.render(instance, credentials));
        }
        if (outputDir == null) {
            objects.forEach(object -> out.print(SERIALIZATION.asYaml(object)));
            out.flush();
        } else {
            write(objects, outputDir, file);
        }
    }

    private static String value(List<String> args, int index, String flag) {
        if (index >= args.size()) {
            throw new IllegalArgumentException("render: " + flag + " needs a value; " + USAGE);
        }
        return args.get(index);
    }

    private static String read(Path workingDir, String file) {
        try {
            return Files.readString(workingDir.resolve(file));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("render: " + file + ": no such file");
        } catch (IOException e) {
            throw new IllegalArgumentException("render: " + file + ": cannot read (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** One file per object, named after its kind (and name when a file holds several EventQueues). */
    private static void write(List<HasMetadata> objects, Path dir, String source) throws IOException {
        Files.createDirectories(dir);
        long instances = objects.stream().map(o -> o.getMetadata().getLabels().get(Labels.INSTANCE)).distinct().count();
        for (HasMetadata object : objects) {
            String base = object.getKind().toLowerCase(Locale.ROOT);
            String name = instances > 1 ? base + "-" + object.getMetadata().getName() : base;
            Files.writeString(dir.resolve(name + ".yaml"), "# Rendered from " + source
                    + " by `render` (make samples). Do not edit: change the EventQueue and re-render.\n"
                    + SERIALIZATION.asYaml(object));
        }
    }

    private static String firstLine(String message) {
        return message == null ? "unreadable" : message.lines().findFirst().orElse("unreadable");
    }

    /**
     * The EventQueues of the input, and the data of the ConfigMaps beside them: what their {@code schemaFrom}
     * references read offline (the ConfigMaps are the user's objects, so they are not printed again).
     */
    record Input(List<EventQueue> eventQueues, Map<String, String> schemaSources,
                 List<EventSubscription> subscriptions, List<Service> services) {
    }

    /**
     * The EventSubscriptions of the input that reference {@code queue} (a subscription without a namespace is in
     * the queue's), decided as the operator decides them, with the Services of the input for subscriber.ref; one
     * the operator would refuse fails the rendering, naming why.
     */
    private static List<SubscriptionRenderer.FoldedSubscription> folded(EventQueue queue, Input input, String source) {
        String ns = queue.getMetadata().getNamespace() == null ? "default" : queue.getMetadata().getNamespace();
        List<SubscriptionRenderer.FoldedSubscription> out = new ArrayList<>();
        for (EventSubscription s : input.subscriptions()) {
            if (s.getMetadata().getNamespace() == null) {
                s.getMetadata().setNamespace(ns);
            }
            if (s.getSpec() == null || s.getSpec().eventQueueRef() == null
                    || !queue.getMetadata().getName().equals(s.getSpec().eventQueueRef().name())
                    || !ns.equals(SubscriptionVerdict.queueNamespace(s))) {
                continue;
            }
            var ref = s.getSpec().subscriber() == null ? null : s.getSpec().subscriber().ref();
            Optional<Service> service = ref == null ? Optional.empty() : input.services().stream()
                    .filter(svc -> ref.name().equals(svc.getMetadata().getName())
                            && Objects.equals(s.getMetadata().getNamespace(),
                            svc.getMetadata().getNamespace() == null ? ns : svc.getMetadata().getNamespace()))
                    .findFirst();
            switch (SubscriptionVerdict.of(s, Optional.of(queue), service)) {
                case SubscriptionVerdict.Folded f -> out.add(new SubscriptionRenderer.FoldedSubscription(s, f));
                case SubscriptionVerdict.Refused r -> throw new IllegalArgumentException("render: " + source
                        + ": EventSubscription " + s.getMetadata().getName() + ": " + r.reason() + ": " + r.message());
            }
        }
        return out;
    }

    static Input parse(String yaml, String source) {
        Object parsed;
        try {
            parsed = SERIALIZATION.unmarshal(yaml);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("render: " + source + ": not a Kubernetes resource in YAML ("
                    + firstLine(e.getMessage()) + ")");
        }
        if (parsed == null) {
            throw new IllegalArgumentException("render: " + source + ": no resource in the file");
        }
        List<?> items = parsed instanceof List<?> list ? list : List.of(parsed);
        List<EventQueue> resources = new ArrayList<>();
        List<EventSubscription> subscriptions = new ArrayList<>();
        List<Service> services = new ArrayList<>();
        Map<String, String> sources = new HashMap<>();
        String apiVersion = EventQueue.GROUP + "/" + EventQueue.VERSION;
        for (Object item : items) {
            if (item instanceof ConfigMap map) {
                if (map.getData() != null && map.getMetadata() != null) {
                    map.getData().forEach((key, value) -> sources.put(
                            Instance.sourceKey(map.getMetadata().getName(), key), value));
                }
                continue;
            }
            if (item instanceof Service service) {
                services.add(service);
                continue;
            }
            if (item instanceof HasMetadata object && "EventSubscription".equals(object.getKind())
                    && apiVersion.equals(object.getApiVersion())) {
                subscriptions.add(SERIALIZATION.convertValue(object, EventSubscription.class));
                continue;
            }
            if (!(item instanceof HasMetadata object) || !"EventQueue".equals(object.getKind())
                    || !apiVersion.equals(object.getApiVersion())) {
                throw new IllegalArgumentException("render: " + source + ": expected apiVersion " + apiVersion
                        + ", kind EventQueue (or EventSubscription, a v1 Service it names, a v1 ConfigMap holding schemas), got " + (item instanceof HasMetadata h
                                ? h.getApiVersion() + ", kind " + h.getKind() : String.valueOf(item)));
            }
            EventQueue resource;
            try {
                resource = SERIALIZATION.convertValue(object, EventQueue.class);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("render: " + source + ": not a valid EventQueue ("
                        + firstLine(e.getMessage()) + ")");
            }
            if (resource.getMetadata() == null || resource.getMetadata().getName() == null) {
                throw new IllegalArgumentException("render: " + source + ": metadata.name is required");
            }
            Integer replicas = resource.getSpec() == null ? null : resource.getSpec().replicas();
            if (replicas != null && (replicas < 1 || replicas > 100)) {
                // The CRD refuses this on kubectl apply; render reads files the API server never saw.
                throw new IllegalArgumentException("render: " + source + ": spec.replicas must be between 1 and 100, got "
                        + replicas);
            }
            resources.add(resource);
        }
        return new Input(resources, sources, subscriptions, services);
    }
}
