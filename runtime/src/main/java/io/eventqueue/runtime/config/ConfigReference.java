package io.eventqueue.runtime.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link ConfigKeys} generates: the keys table of docs/configuration.md and the operator's {@code RuntimeKey}
 * enum, the only key names the operator's config renderer can write. {@code make config-docs} runs {@link #main};
 * {@code ConfigReferenceTest} fails when either file differs from what the table generates.
 */
public final class ConfigReference {
    public static final String DOC = "docs/configuration.md";
    public static final String OPERATOR_KEYS = "operator/src/main/java/io/eventqueue/operator/render/RuntimeKey.java";
    public static final String BEGIN = "<!-- BEGIN keys: generated from runtime/…/config/ConfigKeys.java by `make config-docs` -->";
    public static final String END = "<!-- END keys -->";

    private ConfigReference() {
    }

    /** {@code ConfigReference REPO_ROOT}: rewrites both generated files in place. */
    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length == 0 ? "." : args[0]);
        Path doc = root.resolve(DOC);
        Files.writeString(doc, withKeysTable(Files.readString(doc, StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        Files.writeString(root.resolve(OPERATOR_KEYS), operatorKeys(), StandardCharsets.UTF_8);
    }

    /** {@code doc} with the text between {@link #BEGIN} and {@link #END} replaced by {@link #keysTable()}. */
    public static String withKeysTable(String doc) {
        int begin = doc.indexOf(BEGIN);
        int end = doc.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException(DOC + " lacks the " + BEGIN + " … " + END + " markers");
        }
        return doc.substring(0, begin + BEGIN.length()) + "\n" + keysTable() + doc.substring(end);
    }

    public static String keysTable() {
        StringBuilder b = new StringBuilder();
        b.append("| key | default | allowed | Go Event Queue API alias (flag / env) | meaning |\n");
        b.append("|---|---|---|---|---|\n");
        for (ConfigKey k : ConfigKeys.all()) {
            b.append("| `").append(k.name()).append("` | ")
                    .append(k.defaultValue().isEmpty() ? "–" : "`" + k.defaultValue() + "`").append(" | ")
                    .append(k.bounded() ? k.min() + " – " + k.max() : "").append(" | ")
                    .append(aliases(k)).append(" | ")
                    .append(k.description()).append(" |\n");
        }
        return b.toString();
    }

    private static String aliases(ConfigKey k) {
        List<String> names = new ArrayList<>();
        k.flagAliases().forEach(f -> names.add("`--" + f + "`"));
        String flags = String.join(", ", names);
        String envs = String.join(", ", k.envAliases().stream().map(e -> "`" + e + "`").toList());
        return flags.isEmpty() ? envs : envs.isEmpty() ? flags : flags + " / " + envs;
    }

    public static String operatorKeys() {
        StringBuilder b = new StringBuilder();
        b.append("""
                // Generated from the runtime's config/ConfigKeys.java by `make config-docs`; do not edit.
                package io.eventqueue.operator.render;

                /**
                 * The runtime's configuration keys (docs/configuration.md), the only names the operator's config renderer
                 * can write: a key the runtime does not declare cannot be rendered.
                 */
                public enum RuntimeKey {
                """);
        List<ConfigKey> all = ConfigKeys.all();
        for (int i = 0; i < all.size(); i++) {
            String name = all.get(i).name();
            b.append("    ").append(constant(name)).append("(\"").append(name).append("\")")
                    .append(i == all.size() - 1 ? ";\n" : ",\n");
        }
        b.append("""

                    private final String key;

                    RuntimeKey(String key) {
                        this.key = key;
                    }

                    /** The dotted name, e.g. {@code queue.capacity}. */
                    public String key() {
                        return key;
                    }
                }
                """);
        return b.toString();
    }

    /** {@code kafka.consumer.max-poll-records} → {@code KAFKA_CONSUMER_MAX_POLL_RECORDS}, as in {@link ConfigKeys}. */
    static String constant(String name) {
        return name.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
