package io.eventqueue.runtime.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The JSON Schemas that describe the built-in types' rules for clients ({@code GET /v1/types}); the rules are Java. */
final class BuiltInSchemas {
    private static final ObjectMapper JSON = new ObjectMapper();

    private BuiltInSchemas() {
    }

    static JsonNode load(String typeName) {
        String resource = "META-INF/eventqueue/types/" + typeName + ".schema.json";
        try (InputStream in = BuiltInSchemas.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the jar");
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
