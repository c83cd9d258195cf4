package io.eventqueue.manifests;

import java.util.List;
import java.util.Optional;

/**
 * One Kubernetes API request as RBAC sees it: verb, API group, resource (with "/subresource") and object name.
 * Parsed from either an HTTP request line ("PATCH /apis/apps/v1/namespaces/ns/deployments/x") or the RBAC form
 * ("patch deployments.apps", "update eventqueues.eventqueue.io/status", "create configmaps").
 */
record ApiCall(String verb, String group, String resource, String name) {

    /** The call a line describes; empty for blank lines, comments and non-resource URLs (/version, /apis, …). */
    static Optional<ApiCall> parse(String line) {
        String text = line.strip();
        if (text.isEmpty() || text.startsWith("#")) {
            return Optional.empty();
        }
        String[] parts = text.split("\\s+");
        if (parts.length < 2) {
            throw new IllegalArgumentException("not an API call (want `VERB resource[.group][/sub]` or `METHOD /path`): " + line);
        }
        return parts[1].startsWith("/") ? fromHttp(parts[0], parts[1]) : Optional.of(fromRbac(parts[0], parts[1]));
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

    private static Optional<ApiCall> fromHttp(String method, String url) {
        String path = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
        String query = url.contains("?") ? url.substring(url.indexOf('?') + 1) : "";
        List<String> segments = List.of(path.replaceAll("^/+|/+$", "").split("/"));
        String group;
        int next;
        if (segments.size() >= 3 && segments.get(0).equals("api")) {
            group = "";
            next = 2;
        } else if (segments.size() >= 4 && segments.get(0).equals("apis")) {
            group = segments.get(1);
            next = 3;
        } else {
            return Optional.empty();
        }
        List<String> rest = segments.subList(next, segments.size());
        if (rest.size() >= 3 && rest.get(0).equals("namespaces")) {
            rest = rest.subList(2, rest.size());
        } else if (rest.size() == 2 && rest.get(0).equals("namespaces")) {
            rest = List.of("namespaces", rest.get(1));
        }
        String resource = rest.get(0);
        String name = rest.size() > 1 ? rest.get(1) : "";
        String sub = rest.size() > 2 ? "/" + rest.get(2) : "";
        boolean watch = List.of(query.split("&")).contains("watch=true") || List.of(query.split("&")).contains("watch=1");
        String verb = switch (method.toUpperCase()) {
            case "GET", "HEAD" -> watch ? "watch" : name.isEmpty() ? "list" : "get";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> name.isEmpty() ? "deletecollection" : "delete";
            default -> throw new IllegalArgumentException("unknown HTTP method in API call: " + method + " " + url);
        };
        return Optional.of(new ApiCall(verb, group, resource + sub, name));
    }
}
