package io.eventqueue.operator.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.flipkart.zjsonpatch.InvalidJsonPatchException;
import com.flipkart.zjsonpatch.JsonPatch;
import io.cloudevents.sql.Parser;
import io.eventqueue.operator.api.v1alpha1.EventQueue;
import io.eventqueue.operator.api.v1alpha1.EventSubscription;
import io.eventqueue.operator.api.v1alpha1.EventSubscriptionSpec;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;

import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Whether an EventSubscription goes into its EventQueue's config, and why not: the one decision the EventQueue's
 * rendering and the subscription's status share. A pure function of the objects it is given. The checks are the
 * runtime's start-up checks (filter shape and bounds, CloudEvents SQL with the same library, JSON Patch), so a
 * subscription the runtime would refuse is refused here and never reaches a pod.
 */
public sealed interface SubscriptionVerdict {
    /**
     * Goes into the config, delivering to {@code uri}.
     *
     * @param podPort for a Service subscriber, the port its pods listen on (what a NetworkPolicy egress rule names);
     *                null for a URL
     */
    record Folded(String uri, IntOrString podPort) implements SubscriptionVerdict {
    }

    /** Stays out; {@code reason} is the Ready condition's. */
    record Refused(String reason, String message) implements SubscriptionVerdict {
    }

    int MAX_FILTER_DEPTH = 4;
    int MAX_FILTERS = 16;
    int MAX_EXPRESSION_CHARS = 1024;
    int MAX_PATCH_OPERATIONS = 64;

    /** The namespace of the EventQueue {@code subscription} references. */
    static String queueNamespace(EventSubscription subscription) {
        String ns = subscription.getSpec().eventQueueRef().namespace();
        return ns == null || ns.isBlank() ? subscription.getMetadata().getNamespace() : ns;
    }

    /**
     * @param queue   the referenced EventQueue, when it exists
     * @param service the Service {@code subscriber.ref} names (in the subscription's namespace), when it exists
     */
    static SubscriptionVerdict of(EventSubscription subscription, Optional<EventQueue> queue, Optional<Service> service) {
        EventSubscriptionSpec spec = subscription.getSpec();
        if (spec == null || spec.eventQueueRef() == null || spec.subscriber() == null) {
            return new Refused("SpecInvalid", "spec.eventQueueRef and spec.subscriber are required");
        }
        String ns = subscription.getMetadata().getNamespace();
        String queueNs = queueNamespace(subscription);
        if (queue.isEmpty()) {
            return new Refused("EventQueueMissing", "EventQueue " + queueNs + "/" + spec.eventQueueRef().name()
                    + " does not exist");
        }
        if (!queueNs.equals(ns)) {
            List<String> allowed = queue.get().getSpec() == null ? List.of()
                    : queue.get().getSpec().withDefaults().subscriptions().allowedNamespaces();
            if (!allowed.contains(ns)) {
                return new Refused("NamespaceNotAllowed", "EventQueue " + queueNs + "/" + spec.eventQueueRef().name()
                        + " does not list namespace " + ns + " in spec.subscriptions.allowedNamespaces");
            }
        }
        Optional<String> problem = filterProblem("spec.filter", spec.filter(), 1)
                .or(() -> transformProblem(spec.transform()));
        if (problem.isPresent()) {
            return new Refused(problem.get().startsWith("spec.transform") ? "TransformInvalid" : "FilterInvalid",
                    problem.get());
        }
        if (spec.subscriber().uri() != null) {
            return new Folded(spec.subscriber().uri(), null);
        }
        EventSubscriptionSpec.ServiceReference ref = spec.subscriber().ref();
        if (service.isEmpty()) {
            return new Refused("SubscriberServiceMissing", "Service " + ns + "/" + ref.name() + " does not exist");
        }
        Optional<ServicePort> port = service.get().getSpec() == null || service.get().getSpec().getPorts() == null
                ? Optional.empty()
                : service.get().getSpec().getPorts().stream().filter(p -> ref.port().equals(p.getPort())).findFirst();
        if (port.isEmpty()) {
            return new Refused("SubscriberServiceMissing", "Service " + ns + "/" + ref.name() + " has no port "
                    + ref.port());
        }
        IntOrString podPort = port.get().getTargetPort() == null ? new IntOrString(ref.port()) : port.get().getTargetPort();
        return new Folded("http://" + ref.name() + "." + ns + ".svc:" + ref.port()
                + (ref.path() == null ? "/" : ref.path()), podPort);
    }

    private static Optional<String> filterProblem(String at, JsonNode filter, int depth) {
        if (filter == null || filter.isNull()) {
            return Optional.empty();
        }
        if (depth > MAX_FILTER_DEPTH) {
            return Optional.of(at + ": filters nest at most " + MAX_FILTER_DEPTH + " levels deep");
        }
        if (!filter.isObject() || filter.size() != 1) {
            return Optional.of(at + ": must be one of {exact|prefix|suffix: {attribute: value}}, {all|any: [...]}, "
                    + "{not: {...}}, {cesql: \"...\"}");
        }
        String kind = filter.fieldNames().next();
        JsonNode body = filter.get(kind);
        String here = at + "." + kind;
        return switch (kind) {
            case "exact", "prefix", "suffix" -> {
                if (!body.isObject() || body.isEmpty() || body.size() > 16) {
                    yield Optional.of(here + ": must map 1 to 16 attribute names to values");
                }
                for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
                    String name = names.next();
                    if (!name.matches("[a-z0-9]{1,64}") || !body.get(name).isValueNode() || body.get(name).isNull()) {
                        yield Optional.of(here + "." + name + ": attribute names are 1 to 64 lower-case letters and "
                                + "digits, each with a value");
                    }
                }
                yield Optional.empty();
            }
            case "all", "any" -> {
                if (!body.isArray() || body.size() > MAX_FILTERS) {
                    yield Optional.of(here + ": must be a list of at most " + MAX_FILTERS + " filters");
                }
                for (int i = 0; i < body.size(); i++) {
                    Optional<String> p = filterProblem(here + "[" + i + "]", body.get(i), depth + 1);
                    if (p.isPresent()) {
                        yield p;
                    }
                }
                yield Optional.empty();
            }
            case "not" -> filterProblem(here, body, depth + 1);
            case "cesql" -> cesqlProblem(here, body);
            default -> Optional.of(here + ": unknown filter (known: exact, prefix, suffix, all, any, not, cesql)");
        };
    }

    private static Optional<String> cesqlProblem(String at, JsonNode body) {
        if (!body.isTextual() || body.asText().isBlank() || body.asText().length() > MAX_EXPRESSION_CHARS) {
            return Optional.of(at + ": must be a CloudEvents SQL expression of at most " + MAX_EXPRESSION_CHARS
                    + " characters");
        }
        if (body.asText().chars().filter(c -> c == '%').count() > 16) {
            return Optional.of(at + ": at most 16 LIKE wildcards (%)");
        }
        try {
            Parser.parseDefault(body.asText());
            return Optional.empty();
        } catch (RuntimeException e) {
            // cloudevents-sql 4.0.1 also throws a NullPointerException for some syntax errors.
            return Optional.of(at + ": is not valid CloudEvents SQL"
                    + (e instanceof io.cloudevents.sql.ParseException ? ": " + e.getMessage().replaceAll("\\s+", " ") : ""));
        }
    }

    private static Optional<String> transformProblem(JsonNode transform) {
        if (transform == null || transform.isNull()) {
            return Optional.empty();
        }
        if (!transform.isObject()) {
            return Optional.of("spec.transform: must be a mapping {set, remove, data}");
        }
        for (Iterator<String> names = transform.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!Set.of("set", "remove", "data").contains(name)) {
                return Optional.of("spec.transform." + name + ": unknown key (known: set, remove, data)");
            }
        }
        JsonNode set = transform.path("set");
        if (!set.isMissingNode() && (!set.isObject() || set.size() > 16)) {
            return Optional.of("spec.transform.set: must map at most 16 names to values");
        }
        for (Iterator<String> names = set.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.matches("[a-z0-9]{1,64}") || Set.of("id", "specversion", "time", "datacontenttype",
                    "traceparent", "tracestate").contains(name) || !set.get(name).isValueNode()) {
                return Optional.of("spec.transform.set." + name + ": cannot be set (settable: type, source, subject, "
                        + "dataschema, extensions)");
            }
        }
        JsonNode remove = transform.path("remove");
        if (!remove.isMissingNode()) {
            if (!remove.isArray() || remove.size() > 16) {
                return Optional.of("spec.transform.remove: must be a list of at most 16 names");
            }
            for (JsonNode n : remove) {
                if (!n.isTextual() || !n.asText().matches("[a-z0-9]{1,64}")
                        || Set.of("id", "type", "source", "specversion", "time").contains(n.asText())) {
                    return Optional.of("spec.transform.remove: '" + n.asText() + "' cannot be removed");
                }
            }
        }
        JsonNode data = transform.path("data");
        if (!data.isMissingNode()) {
            if (!data.isArray() || data.size() > MAX_PATCH_OPERATIONS) {
                return Optional.of("spec.transform.data: must be a JSON Patch of at most " + MAX_PATCH_OPERATIONS
                        + " operations");
            }
            try {
                JsonPatch.validate(data);
            } catch (InvalidJsonPatchException e) {
                return Optional.of("spec.transform.data: is not a valid JSON Patch: " + e.getMessage());
            }
        }
        return Optional.empty();
    }
}
