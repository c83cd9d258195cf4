package io.eventqueue.operator.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventqueue.operator.it.Eventually;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.Objects;
import java.util.stream.Stream;

/** The API server's audit log (JSON lines): what each user really asked for and what it was answered. */
final class AuditLog {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request: RBAC's view of it ("verb resource[/subresource][.group]") and the response code. */
    record Call(Instant time, String user, String verb, String resource, String namespace, String name, int code) {
        boolean isWrite() {
            return Set.of("create", "update", "patch", "delete", "deletecollection").contains(verb);
        }

        String permission() {
            return verb + " " + resource;
        }
    }

    private AuditLog() {
    }

    static List<Call> calls(Path auditLog, String user) {
        try (Stream<String> lines = Files.lines(auditLog)) {
            return lines.map(AuditLog::parse).filter(Objects::nonNull).filter(c -> c.user().equals(user)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The API server writes its audit log in batches: waits until a request made now is in it. */
    static void awaitFlushed(TestCluster cluster) {
        Instant now = Instant.now();
        cluster.kubectl("get", "namespace", cluster.namespace()).require();
        Eventually.until("the audit log to be flushed", Duration.ofSeconds(15), () ->
                calls(cluster.controlPlane().auditLog(), "admin").stream().anyMatch(c -> !c.time().isBefore(now)));
    }

    private static Call parse(String line) {
        try {
            JsonNode event = JSON.readTree(line);
            JsonNode ref = event.path("objectRef");
            if (ref.isMissingNode() || !ref.has("resource")) {
                return null;
            }
            String resource = ref.path("resource").asText()
                    + (ref.has("subresource") ? "/" + ref.path("subresource").asText() : "");
            String group = ref.path("apiGroup").asText("");
            return new Call(Instant.parse(event.path("requestReceivedTimestamp").asText()), event.at("/user/username").asText(), event.path("verb").asText(),
                    group.isEmpty() ? resource : resource.replaceFirst("^([^/]*)", "$1." + group),
                    ref.path("namespace").asText(""), ref.path("name").asText(""), event.at("/responseStatus/code").asInt());
        } catch (IOException e) {
            return null;
        }
    }
}
