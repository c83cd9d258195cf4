package io.eventqueue.manifests;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;

/**
 * One Kubernetes API request as RBAC sees it: verb, API group, resource (with "/subresource") and object name.
 * Parsed from the RBAC form ("patch deployments.apps", "update eventqueues.eventqueue.io/status", "create
 * configmaps") or from one event of an API server's audit log.
 */
record ApiCall(String verb, String group, String resource, String name) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A call and who made it, as the audit log records it. */
    record Audited(String user, ApiCall call) {
    }

    /** The call one audit event (a JSON line) records; empty for non-resource URLs (/version, /apis, …). */
    static Optional<Audited> fromAuditEvent(String line) {
        JsonNode event;
        try {
            event = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not an audit event: " + line, e);
        }
        JsonNode ref = event.path("objectRef");
        if (!ref.hasNonNull("resource")) {
            return Optional.empty();
        }
        String sub = ref.hasNonNull("subresource") ? "/" + ref.get("subresource").asText() : "";
        return Optional.of(new Audited(event.at("/user/username").asText(), new ApiCall(event.path("verb").asText(),
                ref.path("apiGroup").asText(""), ref.get("resource").asText() + sub, ref.path("name").asText(""))));
    }

    /** The call a line in the RBAC form describes; empty for blank lines and comments. */
    static Optional<ApiCall> parse(String line) {
        String text = line.strip();
        if (text.isEmpty() || text.startsWith("#")) {
            return Optional.empty();
        }
        String[] parts = text.split("\\s+");
        if (parts.length < 2) {
            throw new IllegalArgumentException("not an API call (want `VERB resource[.group][/sub]`): " + line);
        }
        return Optional.of(fromRbac(parts[0], parts[1]));
    }

    String rbacResource() {
        return group.isEmpty() ? resource : resource.replaceFirst("^([^/]+)", "$1." + group);
    }

    @Override
    public String toString() {
        return verb + " " + rbacResource() + (name.isEmpty() ? "" : " (" + name + ")");
    }

    private static ApiCall fromRbac(String verb, String resource) {
        String[] resourceAndSub = resource.split("/", 2);
        String[] nameAndGroup = resourceAndSub[0].split("\\.", 2);
        String sub = resourceAndSub.length > 1 ? "/" + resourceAndSub[1] : "";
        return new ApiCall(verb.toLowerCase(), nameAndGroup.length > 1 ? nameAndGroup[1] : "", nameAndGroup[0] + sub, "");
    }
}
