package io.eventqueue.manifests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/operator.md's spec and status tables against the generated CRD: every field a user can set or read is
 * documented, and every documented field exists.
 */
class OperatorDocsTest {
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    @Test
    void everySpecFieldIsInTheSpecTableAndEveryDocumentedFieldExists() throws IOException {
        JsonNode spec = schema().path("properties").path("spec");
        Set<String> documented = documentedFields("## The EventQueue resource");

        List<String> unknown = documented.stream().filter(d -> !allPaths(spec).contains(d)).toList();
        List<String> undocumented = leaves(spec).stream()
                .filter(field -> documented.stream().noneMatch(d -> field.equals(d) || field.startsWith(d + ".")))
                .toList();
        assertThat(unknown).as("in docs/operator.md's spec table but not in the CRD").isEmpty();
        assertThat(undocumented).as("CRD fields missing from docs/operator.md's spec table").isEmpty();
    }

    @Test
    void everyStatusFieldIsInTheStatusTable() throws IOException {
        Set<String> crd = leaves(schema().path("properties").path("status"));

        assertThat(documentedFields("## Status")).containsExactlyInAnyOrderElementsOf(crd);
    }

    @Test
    void aTableCellNamesSiblingsOfItsFirstField() {
        assertThat(fieldsOf("`resources.requests.cpu` / `.memory`")).containsExactly("resources.requests.cpu", "resources.requests.memory");
        assertThat(fieldsOf("`sinks.webhook.timeout` / `mode`")).containsExactly("sinks.webhook.timeout", "sinks.webhook.mode");
        assertThat(fieldsOf("`auth.tokenTtl` / `auth.maxTokenTtl`")).containsExactly("auth.tokenTtl", "auth.maxTokenTtl");
        assertThat(fieldsOf("`replicas`, `readyReplicas`")).containsExactly("replicas", "readyReplicas");
    }

    /** The fields named in the first column of the first table after {@code heading}. */
    private static Set<String> documentedFields(String heading) throws IOException {
        List<String> lines = Files.readAllLines(Project.root().resolve("docs/operator.md"));
        int start = lines.indexOf(lines.stream().filter(l -> l.startsWith(heading)).findFirst()
                .orElseThrow(() -> new AssertionError("docs/operator.md has no heading " + heading)));
        Set<String> fields = new LinkedHashSet<>();
        boolean inTable = false;
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.startsWith("## ")) {
                break;
            }
            if (line.startsWith("|")) {
                inTable = true;
                String firstCell = line.substring(1, line.indexOf('|', 1)).strip();
                if (firstCell.startsWith("`")) {
                    fields.addAll(fieldsOf(firstCell));
                }
            } else if (inTable) {
                break;
            }
        }
        return fields;
    }

    /** {@code `a.b.c` / `d`} is a.b.c and a.b.d; {@code `.d`} too; a name with a dot is a full path. */
    static List<String> fieldsOf(String cell) {
        List<String> fields = new ArrayList<>();
        Matcher m = CODE.matcher(cell);
        String parent = null;
        while (m.find()) {
            String name = m.group(1);
            if (parent == null) {
                fields.add(name);
                parent = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : "";
            } else if (name.startsWith(".")) {
                fields.add(parent + name);
            } else if (name.contains(".") || parent.isEmpty()) {
                fields.add(name);
            } else {
                fields.add(parent + "." + name);
            }
        }
        return fields;
    }

    /** Paths to every field that holds a value: objects are descended, arrays and maps are fields themselves. */
    private static Set<String> leaves(JsonNode schema) {
        Set<String> out = new LinkedHashSet<>();
        walk(schema, "", out, false);
        return out;
    }

    /** Every path, objects included (a documented prefix such as availability.nodeAffinity). */
    private static Set<String> allPaths(JsonNode schema) {
        Set<String> out = new LinkedHashSet<>();
        walk(schema, "", out, true);
        return out;
    }

    private static void walk(JsonNode node, String path, Set<String> out, boolean objectsToo) {
        JsonNode properties = node.path("properties");
        if ("object".equals(node.path("type").asText()) && properties.isObject() && !properties.isEmpty()) {
            if (objectsToo && !path.isEmpty()) {
                out.add(path);
            }
            properties.fields().forEachRemaining(e -> walk(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), out, objectsToo));
        } else {
            out.add(path);
        }
    }

    private static JsonNode schema() {
        List<ObjectNode> crds = Project.crdFiles().stream().flatMap(f -> YamlDocuments.read(f).stream())
                .filter(c -> "EventQueue".equals(c.at("/spec/names/kind").asText()))
                .toList();
        assumeFalse(crds.isEmpty(), "crds/ has no EventQueue CRD yet (the operator module generates it)");
        return crds.getFirst().at("/spec/versions/0/schema/openAPIV3Schema");
    }
}
