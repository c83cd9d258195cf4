package io.eventqueue.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Multi-document YAML as a list of objects (empty documents, as helm leaves between templates, dropped). */
final class YamlDocuments {
    static final ObjectMapper YAML = new YAMLMapper();

    private YamlDocuments() {
    }

    static List<ObjectNode> parse(String yaml) {
        List<ObjectNode> documents = new ArrayList<>();
        try (var parser = new YAMLFactory().createParser(yaml)) {
            var values = YAML.readValues(parser, JsonNode.class);
            while (values.hasNext()) {
                JsonNode document = values.next();
                if (document == null || document.isNull() || document.isMissingNode()) {
                    continue;
                }
                if (!document.isObject()) {
                    throw new IllegalArgumentException("a manifest document must be a mapping, got: " + document);
                }
                documents.add((ObjectNode) document);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return documents;
    }

    static List<ObjectNode> read(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<ObjectNode> ofKind(List<ObjectNode> documents, String kind) {
        return documents.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
    }

    static ObjectNode single(List<ObjectNode> documents, String kind) {
        List<ObjectNode> found = ofKind(documents, kind);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + kind + ", found " + found.size());
        }
        return found.getFirst();
    }

    /** kind/namespace/name, for messages. */
    static String describe(JsonNode document) {
        JsonNode metadata = document.path("metadata");
        String namespace = metadata.path("namespace").asText("");
        return document.path("kind").asText("?") + "/" + (namespace.isEmpty() ? "" : namespace + "/")
                + metadata.path("name").asText("?");
    }
}
