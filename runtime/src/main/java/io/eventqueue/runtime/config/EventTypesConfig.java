package io.eventqueue.runtime.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.eventqueue.runtime.event.DataSchema;
import io.eventqueue.runtime.event.DeclaredType;
import io.eventqueue.runtime.event.EventTypeRegistry;
import io.eventqueue.runtime.event.TypesMode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code events.types.declared}: a list of {@code {type, schema | schema-file, required-extensions}}, given as YAML
 * in the config file (or JSON in a flag or variable). Every entry is checked and its schema compiled here, once at
 * start-up, so a bad declaration stops the runtime with one line naming it.
 */
final class EventTypesConfig {
    static final String KEY = ConfigKeys.EVENTS_TYPES_DECLARED.name();
    public static final int MAX_DECLARED_TYPES = 256;
    public static final int MAX_SCHEMA_BYTES = 64 * 1024;
    public static final int MAX_SCHEMA_DEPTH = 32;
    public static final int MAX_REQUIRED_EXTENSIONS = 16;
    private static final int MAX_TYPE_CHARS = 200;
    /** A type, or a prefix followed by one trailing {@code *}; no other wildcard. */
    private static final Pattern TYPE_PATTERN = Pattern.compile("[^*\\p{Cntrl}\\s]{1,199}\\*?|\\*");
    private static final Pattern EXTENSION_NAME = Pattern.compile("[a-z0-9]{1,64}");
    private static final Set<String> MEMBERS = Set.of("type", "schema", "schema-file", "required-extensions");
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final ObjectMapper YAML = YAMLMapper.builder().build();

    private EventTypesConfig() {
    }

    /** The registry of {@code mode}, the built-in types and the declared ones. */
    static EventTypeRegistry registry(TypesMode mode, String declared) {
        List<DeclaredType> types = parse(declared);
        try {
            return EventTypeRegistry.of(mode, types);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(KEY, e.getMessage());
        }
    }

    static List<DeclaredType> parse(String value) {
        JsonNode root = JsonListValue.parse(KEY, value, "{type, schema} entries", MAX_DECLARED_TYPES,
                n -> "at most " + MAX_DECLARED_TYPES + " types may be declared, got " + n);
        List<DeclaredType> out = new ArrayList<>(root.size());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < root.size(); i++) {
            DeclaredType d = entry(KEY + "[" + i + "]", root.get(i));
            if (!seen.add(d.pattern())) {
                throw new ConfigException(KEY + "[" + i + "].type", d.pattern() + " is declared twice");
            }
            out.add(d);
        }
        return out;
    }

    private static DeclaredType entry(String at, JsonNode node) {
        if (!node.isObject()) {
            throw new ConfigException(at, "must be a mapping {type, schema}");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!MEMBERS.contains(name)) {
                throw new ConfigException(at + "." + name, "unknown key (known: type, schema, schema-file, required-extensions)");
            }
        }
        JsonNode typeNode = node.path("type");
        if (!typeNode.isTextual() || typeNode.asText().length() > MAX_TYPE_CHARS
                || !TYPE_PATTERN.matcher(typeNode.asText()).matches()) {
            throw new ConfigException(at + ".type", "must be a type name, or a prefix ending in * (com.example.order.*), "
                    + "of 1 to " + MAX_TYPE_CHARS + " characters");
        }
        String type = typeNode.asText();
        if (node.has("schema") && node.has("schema-file")) {
            throw new ConfigException(at, "give schema or schema-file, not both");
        }
        Optional<JsonNode> schemaDoc = Optional.empty();
        String schemaAt = at + ".schema";
        if (node.has("schema")) {
            schemaDoc = Optional.of(node.get("schema"));
        } else if (node.has("schema-file")) {
            schemaAt = at + ".schema-file";
            schemaDoc = Optional.of(readSchemaFile(schemaAt, node.get("schema-file")));
        }
        Optional<DataSchema> schema = Optional.empty();
        if (schemaDoc.isPresent()) {
            checkBounds(schemaAt, schemaDoc.get());
            try {
                schema = Optional.of(DataSchema.compile(type, schemaDoc.get()));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(schemaAt, "type " + type + ": " + e.getMessage());
            }
        }
        return new DeclaredType(type, schema, requiredExtensions(at + ".required-extensions", node.get("required-extensions")));
    }

    private static JsonNode readSchemaFile(String at, JsonNode pathNode) {
        if (!pathNode.isTextual() || pathNode.asText().isBlank()) {
            throw new ConfigException(at, "must be a file path");
        }
        Path path = Path.of(pathNode.asText());
        try {
            if (Files.size(path) > MAX_SCHEMA_BYTES) {
                throw new ConfigException(at, path + " is larger than " + MAX_SCHEMA_BYTES + " bytes");
            }
            // YAML is a superset of JSON: one reader takes schema files in either form.
            return YAML.readTree(Files.readString(path));
        } catch (NoSuchFileException e) {
            throw new ConfigException(at, "file not found: " + path);
        } catch (JsonProcessingException e) {
            throw new ConfigException(at, path + " is not JSON or YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigException(at, "cannot read " + path + ": " + e.getMessage());
        }
    }

    private static void checkBounds(String at, JsonNode schema) {
        int bytes;
        try {
            bytes = JSON.writeValueAsBytes(schema).length;
        } catch (JsonProcessingException e) {
            throw new ConfigException(at, "cannot be written as JSON");
        }
        if (bytes > MAX_SCHEMA_BYTES) {
            throw new ConfigException(at, "is " + bytes + " bytes of JSON; the limit is " + MAX_SCHEMA_BYTES);
        }
        int depth = depth(schema);
        if (depth > MAX_SCHEMA_DEPTH) {
            throw new ConfigException(at, "nests " + depth + " levels deep; the limit is " + MAX_SCHEMA_DEPTH);
        }
    }

    static int depth(JsonNode node) {
        int max = 0;
        for (JsonNode child : node) {
            max = Math.max(max, depth(child));
        }
        return node.isContainerNode() ? max + 1 : 0;
    }

    private static List<String> requiredExtensions(String at, JsonNode node) {
        if (node == null) {
            return List.of();
        }
        if (!node.isArray() || node.size() > MAX_REQUIRED_EXTENSIONS) {
            throw new ConfigException(at, "must be a list of at most " + MAX_REQUIRED_EXTENSIONS + " extension names");
        }
        List<String> names = new ArrayList<>();
        for (JsonNode n : node) {
            if (!n.isTextual() || !EXTENSION_NAME.matcher(n.asText()).matches()) {
                throw new ConfigException(at, "extension names are 1 to 64 lower-case letters and digits, got " + n);
            }
            names.add(n.asText());
        }
        return names;
    }
}
