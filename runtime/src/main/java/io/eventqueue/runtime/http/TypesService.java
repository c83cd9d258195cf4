package io.eventqueue.runtime.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventqueue.runtime.config.Roles;
import io.eventqueue.runtime.event.DeclaredType;
import io.eventqueue.runtime.event.EventType;
import io.eventqueue.runtime.event.EventTypeRegistry;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.util.Optional;

/**
 * {@code GET /v1/types}: the mode and every built-in and declared type with its schema, so a client can check an event
 * before sending it. The answer never changes while the process runs, so it is written once.
 */
public final class TypesService implements ApiService {
    public static final String TYPES = "/v1/types";
    private static final ObjectMapper TREES = new ObjectMapper();

    private final BearerAuthenticator auth;
    private final byte[] body;

    public TypesService(BearerAuthenticator auth, EventTypeRegistry types) {
        this.auth = auth;
        this.body = Json.write(g -> write(g, types));
    }

    @Override
    public void routes(ApiRoutes routes) {
        routes.get(TYPES, this::get);
    }


    private void get(ServerRequest req, ServerResponse res) {
        auth.authenticate(req, Roles.READER);
        res.header(HeaderValues.CONTENT_TYPE_JSON);
        res.send(body);
    }

    private static void write(JsonGenerator g, EventTypeRegistry types) throws IOException {
        g.writeStartObject();
        g.writeObjectFieldStart("result");
        g.writeStringField("mode", types.mode().toString());
        g.writeArrayFieldStart("types");
        for (EventType t : types.builtIn()) {
            entry(g, t.name(), "exact", true, t.schema(), java.util.List.of());
        }
        for (DeclaredType d : types.declared()) {
            entry(g, d.pattern(), d.isPrefix() ? "prefix" : "exact", false,
                    d.schema().map(s -> s.document()), d.requiredExtensions());
        }
        g.writeEndArray();
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void entry(JsonGenerator g, String type, String match, boolean builtIn, Optional<JsonNode> schema,
                              java.util.List<String> requiredExtensions) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", type);
        g.writeStringField("match", match);
        g.writeBooleanField("builtin", builtIn);
        if (schema.isPresent()) {
            g.writeFieldName("schema");
            TREES.writeTree(g, schema.get());
        }
        if (!requiredExtensions.isEmpty()) {
            g.writeArrayFieldStart("required_extensions");
            for (String e : requiredExtensions) {
                g.writeString(e);
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }
}
