package io.eventqueue.runtime.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A declared type's JSON Schema for {@code data}, compiled once at start-up. Draft 2020-12 unless the document's
 * {@code $schema} names another dialect (draft-07 and the other drafts the validator knows). References are resolved
 * within the document only: no schema is ever fetched over the network.
 */
public final class DataSchema {
    /** Violations reported per event; the rest are summarised in one more entry. */
    public static final int MAX_VIOLATIONS = 20;
    private static final Logger LOG = Logger.getLogger(DataSchema.class.getName());
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            b -> b.schemaRegistryConfig(SchemaRegistryConfig.builder().pathType(PathType.JSON_POINTER).build())
                    .schemaLoader(l -> l.fetchRemoteResources(false)));

    private final String typeName;
    private final JsonNode document;
    private final Schema schema;

    private DataSchema(String typeName, JsonNode document, Schema schema) {
        this.typeName = typeName;
        this.document = document;
        this.schema = schema;
    }

    /**
     * @throws IllegalArgumentException naming what is wrong when the document is not a usable schema
     */
    public static DataSchema compile(String typeName, JsonNode document) {
        if (!document.isObject() && !document.isBoolean()) {
            throw new IllegalArgumentException("must be a JSON Schema object");
        }
        String dialect = document.path("$schema").asText(SpecificationVersion.DRAFT_2020_12.getDialectId());
        if (SpecificationVersion.fromDialectId(dialect).isEmpty()) {
            throw new IllegalArgumentException("$schema " + dialect + " is not a JSON Schema dialect this runtime knows"
                    + " (2020-12, 2019-09, draft-07, -06, -04)");
        }
        Schema schema;
        List<Error> metaErrors;
        try {
            // The dialects' meta-schemas ship inside the validator: checking against them fetches nothing.
            metaErrors = REGISTRY.getSchema(SchemaLocation.of(dialect)).validate(document);
            schema = REGISTRY.getSchema(document);
            // Resolves every keyword and $ref now, so that a schema that cannot work is refused here, not per event.
            schema.initializeValidators();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("is not a usable JSON Schema: " + firstLine(e.getMessage()));
        }
        if (!metaErrors.isEmpty()) {
            Error first = metaErrors.get(0);
            throw new IllegalArgumentException("is not a valid JSON Schema: at " + pointer(first) + ": " + first.getMessage());
        }
        return new DataSchema(typeName, document, schema);
    }

    /** The schema as declared. */
    public JsonNode document() {
        return document;
    }

    /**
     * @param fieldPrefix how the client names the data ({@code data}, {@code event}, {@code payload}); empty when the
     *                    data members are the body's own
     */
    public List<Violation> validate(JsonNode data, String fieldPrefix) {
        List<Error> errors;
        try {
            errors = schema.validate(data);
        } catch (RuntimeException | StackOverflowError e) {
            // A pattern such as ^(a|b)*$ recurses once per character in java.util.regex: on long data the stack runs
            // out. That fails this event's validation, never the request thread.
            LOG.log(Level.WARNING, "schema of type " + typeName + " failed on an event: " + e);
            return List.of(new Violation(fieldPrefix.isEmpty() ? "data" : fieldPrefix,
                    "could not be checked against the schema of type " + typeName, Optional.of("")));
        }
        List<Violation> out = new ArrayList<>(Math.min(errors.size(), MAX_VIOLATIONS + 1));
        for (Error e : errors) {
            if (out.size() == MAX_VIOLATIONS) {
                out.add(new Violation(fieldPrefix.isEmpty() ? "data" : fieldPrefix,
                        (errors.size() - MAX_VIOLATIONS) + " more violations not listed", Optional.of("")));
                break;
            }
            String pointer = e.getInstanceLocation().toString();
            out.add(new Violation(field(fieldPrefix, pointer), message(e), Optional.of(pointer)));
        }
        return out;
    }

    private static String pointer(Error e) {
        String location = e.getInstanceLocation().toString();
        return location.isEmpty() ? "/" : location;
    }

    /** {@code /order/items/0} under {@code data} → {@code data.order.items.0}. */
    private static String field(String prefix, String pointer) {
        String dotted = pointer.isEmpty() ? "" : pointer.substring(1).replace('/', '.')
                .replace("~1", "/").replace("~0", "~");
        if (prefix.isEmpty()) {
            return dotted.isEmpty() ? "data" : dotted;
        }
        return dotted.isEmpty() ? prefix : prefix + "." + dotted;
    }

    /** The validator's message without the instance location it starts with (the pointer carries that). */
    private static String message(Error e) {
        String m = e.getMessage();
        String location = e.getInstanceLocation().toString();
        if (m.startsWith(location + ": ")) {
            return m.substring(location.length() + 2);
        }
        return m;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
