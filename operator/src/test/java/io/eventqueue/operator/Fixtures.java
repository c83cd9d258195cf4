package io.eventqueue.operator;

import io.eventqueue.operator.api.v1alpha1.EventQueue;
import io.eventqueue.operator.render.Instance;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Path;

/** EventQueues written as YAML, the way users write them. */
public final class Fixtures {
    public static final String IMAGE = "registry.test/eventqueue-runtime:1.2.3";
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private Fixtures() {
    }

    /** An EventQueue "q1" in namespace "ns" with the given spec body (indented YAML under spec:, or empty). */
    public static EventQueue eventQueue(String specYaml) {
        String yaml = """
                apiVersion: eventqueue.io/v1alpha1
                kind: EventQueue
                metadata:
                  name: q1
                  namespace: ns
                spec:
                """ + specYaml.stripIndent().lines().map(l -> "  " + l + "\n").reduce("", String::concat);
        if (specYaml.isBlank()) {
            yaml = yaml.replace("spec:\n", "spec: {}\n");
        }
        return SERIALIZATION.unmarshal(yaml, EventQueue.class);
    }

    public static Instance instance(String specYaml) {
        return Instance.of(eventQueue(specYaml), IMAGE);
    }

    /** The repository root (tests run in operator/). */
    public static Path root() {
        Path here = Path.of("").toAbsolutePath();
        return here.getFileName().toString().equals("operator") ? here.getParent() : here;
    }
}
