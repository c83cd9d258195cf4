package io.eventqueue.runtime.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code subscriptions}: a list of {@code {name, filters, sink, delivery, origin}}, YAML in the config file (JSON in a
 * flag or variable). Everything is checked here, once at start-up, so a bad entry stops the runtime with one line
 * naming its key; CloudEvents SQL expressions are bounded here and compiled by delivery.
 */
final class SubscriptionsConfig {
    static final String KEY = ConfigKeys.SUBSCRIPTIONS.name();
    static final int MAX_SUBSCRIPTIONS = 32;
    static final int MAX_FILTERS = 16;
    static final int MAX_FILTER_DEPTH = 4;
    static final int MAX_MATCH_ATTRIBUTES = 16;
    static final int MAX_VALUE_CHARS = 1024;
    static final int MAX_EXPRESSION_CHARS = 1024;
    /** Names a sink gets in metrics and dead letters, so they must not collide with the static sinks' names. */
    private static final Set<String> RESERVED = Set.of("sinks", "log", "file", "webhook", "*");
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern ATTRIBUTE = Pattern.compile("[a-z0-9]{1,64}");
    static final int MAX_TRANSFORM_ATTRIBUTES = 16;
    static final int MAX_PATCH_OPERATIONS = 64;
    /** Context attributes every event has: a transform may change type and source, never drop them. */
    private static final Set<String> REQUIRED_ATTRIBUTES = Set.of("id", "type", "source", "specversion", "time");
    /** What identifies the event: a transform keeps it, so a receiver can deduplicate and trace back. */
    private static final Set<String> IDENTITY = Set.of("id", "specversion", "time");
    /** The data's encoding and the trace: a transform leaves them alone. */
    private static final Set<String> UNSETTABLE = Set.of("data", "data_base64", "datacontenttype", "traceparent",
            "tracestate");
    private static final ObjectMapper JSON = new ObjectMapper();

    private SubscriptionsConfig() {
    }

    /**
     * @param defaults the merged flat config: {@code delivery.*} and {@code sinks.webhook.*} are each subscription's
     *                 defaults
     */
    static List<SubscriptionSettings> parse(String value, Map<String, String> defaults) {
        JsonNode root = JsonListValue.parse(KEY, value, "{name, filters, sink, delivery}", MAX_SUBSCRIPTIONS,
                n -> "at most " + MAX_SUBSCRIPTIONS + " subscriptions, got " + n);
        List<SubscriptionSettings> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < root.size(); i++) {
            SubscriptionSettings s = entry(KEY + "[" + i + "]", root.get(i), defaults);
            if (!names.add(s.name())) {
                throw new ConfigException(KEY + "[" + i + "].name", s.name() + " is used twice");
            }
            out.add(s);
        }
        return out;
    }

    private static SubscriptionSettings entry(String at, JsonNode node, Map<String, String> defaults) {
        onlyMembers(at, node, Set.of("name", "filters", "sink", "delivery", "transform", "origin"));
        String name = node.path("name").asText("");
        if (!node.path("name").isTextual() || !NAME.matcher(name).matches() || RESERVED.contains(name)) {
            throw new ConfigException(at + ".name", "must be 1 to 63 lower-case letters, digits and '-' (not "
                    + String.join(", ", RESERVED.stream().sorted().toList()) + "), got '" + name + "'");
        }
        List<FilterSpec> filters = List.of();
        if (node.has("filters")) {
            filters = filterList(at + ".filters", node.get("filters"), 1);
        }
        SubscriptionSettings.Origin origin = SubscriptionSettings.Origin.OWNER;
        if (node.has("origin")) {
            String o = node.get("origin").asText();
            origin = switch (o) {
                case "owner" -> SubscriptionSettings.Origin.OWNER;
                case "tenant" -> SubscriptionSettings.Origin.TENANT;
                default -> throw new ConfigException(at + ".origin", "must be owner or tenant, got '" + o + "'");
            };
        }
        return new SubscriptionSettings(name, filters, sink(at + ".sink", node.get("sink"), defaults),
                policy(at + ".delivery", node.get("delivery"), defaults),
                node.has("transform") ? transform(at + ".transform", node.get("transform")) : TransformSpec.NONE, origin);
    }

    private static List<FilterSpec> filterList(String at, JsonNode node, int depth) {
        if (!node.isArray()) {
            throw new ConfigException(at, "must be a list of filters");
        }
        if (node.size() > MAX_FILTERS) {
            throw new ConfigException(at, "at most " + MAX_FILTERS + " filters, got " + node.size());
        }
        List<FilterSpec> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            out.add(filter(at + "[" + i + "]", node.get(i), depth));
        }
        return out;
    }

    private static FilterSpec filter(String at, JsonNode node, int depth) {
        if (depth > MAX_FILTER_DEPTH) {
            throw new ConfigException(at, "filters nest at most " + MAX_FILTER_DEPTH + " levels deep");
        }
        if (!node.isObject() || node.size() != 1) {
            throw new ConfigException(at, "must be one of {exact|prefix|suffix: {attribute: value}}, {all|any: [...]},"
                    + " {not: {...}}, {cesql: \"...\"}");
        }
        String kind = node.fieldNames().next();
        JsonNode body = node.get(kind);
        String here = at + "." + kind;
        return switch (kind) {
            case "exact" -> match(here, FilterSpec.Kind.EXACT, body);
            case "prefix" -> match(here, FilterSpec.Kind.PREFIX, body);
            case "suffix" -> match(here, FilterSpec.Kind.SUFFIX, body);
            case "all" -> new FilterSpec.All(here, filterList(here, body, depth + 1));
            case "any" -> new FilterSpec.Any(here, filterList(here, body, depth + 1));
            case "not" -> new FilterSpec.Not(here, filter(here, body, depth + 1));
            case "cesql" -> {
                if (!body.isTextual() || body.asText().isBlank()) {
                    throw new ConfigException(here, "must be a CloudEvents SQL expression");
                }
                if (body.asText().length() > MAX_EXPRESSION_CHARS) {
                    throw new ConfigException(here, "is " + body.asText().length() + " characters; the limit is "
                            + MAX_EXPRESSION_CHARS);
                }
                yield new FilterSpec.Sql(here, body.asText());
            }
            default -> throw new ConfigException(here, "unknown filter (known: exact, prefix, suffix, all, any, not, cesql)");
        };
    }

    private static FilterSpec match(String at, FilterSpec.Kind kind, JsonNode body) {
        if (!body.isObject() || body.isEmpty() || body.size() > MAX_MATCH_ATTRIBUTES) {
            throw new ConfigException(at, "must map 1 to " + MAX_MATCH_ATTRIBUTES + " attribute names to values");
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!ATTRIBUTE.matcher(e.getKey()).matches()) {
                throw new ConfigException(at + "." + e.getKey(), "attribute names are 1 to 64 lower-case letters and digits");
            }
            if (!e.getValue().isValueNode() || e.getValue().isNull() || e.getValue().asText().length() > MAX_VALUE_CHARS) {
                throw new ConfigException(at + "." + e.getKey(), "must be a value of at most " + MAX_VALUE_CHARS + " characters");
            }
            attributes.put(e.getKey(), e.getValue().asText());
        }
        return new FilterSpec.Match(at, kind, attributes);
    }

    private static TransformSpec transform(String at, JsonNode node) {
        if (!node.isObject()) {
            throw new ConfigException(at, "must be a mapping {set, remove, data}");
        }
        onlyMembers(at, node, Set.of("set", "remove", "data"));
        Map<String, String> set = new LinkedHashMap<>();
        JsonNode setNode = node.path("set");
        if (!setNode.isMissingNode()) {
            if (!setNode.isObject() || setNode.size() > MAX_TRANSFORM_ATTRIBUTES) {
                throw new ConfigException(at + ".set", "must map at most " + MAX_TRANSFORM_ATTRIBUTES
                        + " attribute or extension names to values");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = setNode.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = at + ".set." + e.getKey();
                settable(key, e.getKey());
                if (!e.getValue().isValueNode() || e.getValue().isNull() || e.getValue().asText().isEmpty()
                        || e.getValue().asText().length() > MAX_VALUE_CHARS) {
                    throw new ConfigException(key, "must be a non-empty value of at most " + MAX_VALUE_CHARS + " characters");
                }
                set.put(e.getKey(), e.getValue().asText());
            }
        }
        List<String> remove = new ArrayList<>();
        JsonNode removeNode = node.path("remove");
        if (!removeNode.isMissingNode()) {
            if (!removeNode.isArray() || removeNode.size() > MAX_TRANSFORM_ATTRIBUTES) {
                throw new ConfigException(at + ".remove", "must be a list of at most " + MAX_TRANSFORM_ATTRIBUTES + " names");
            }
            for (JsonNode n : removeNode) {
                String name = n.asText();
                if (REQUIRED_ATTRIBUTES.contains(name) || !ATTRIBUTE.matcher(name).matches()) {
                    throw new ConfigException(at + ".remove", "'" + name + "' cannot be removed (only subject, dataschema "
                            + "and extensions can)");
                }
                remove.add(name);
            }
        }
        Optional<JsonNode> data = Optional.empty();
        if (node.has("data")) {
            JsonNode patch = node.get("data");
            if (!patch.isArray() || patch.size() > MAX_PATCH_OPERATIONS) {
                throw new ConfigException(at + ".data", "must be a JSON Patch (a list of at most " + MAX_PATCH_OPERATIONS
                        + " operations)");
            }
            data = Optional.of(patch);
        }
        return new TransformSpec(set, remove, data);
    }

    private static void settable(String key, String name) {
        if (!ATTRIBUTE.matcher(name).matches()) {
            throw new ConfigException(key, "attribute and extension names are 1 to 64 lower-case letters and digits");
        }
        if (IDENTITY.contains(name) || UNSETTABLE.contains(name)) {
            throw new ConfigException(key, "cannot be set by a transform (settable: type, source, subject, dataschema, "
                    + "extensions)");
        }
    }

    private static SubscriptionSettings.SinkSettings sink(String at, JsonNode node, Map<String, String> defaults) {
        if (node == null || !node.isObject() || node.size() != 1) {
            throw new ConfigException(at, "must be exactly one of {webhook: {url: ...}}, {file: {path: ...}}, {log: {}}");
        }
        String kind = node.fieldNames().next();
        JsonNode body = node.get(kind);
        String here = at + "." + kind;
        if (!body.isObject() && !body.isNull()) {
            throw new ConfigException(here, "must be a mapping");
        }
        return switch (kind) {
            case "webhook" -> {
                onlyMembers(here, body, Set.of("url", "timeout", "mode", "secret-file", "concurrency", "follow-redirects"));
                ConfigValues v = values(here, body, defaults, Map.of(
                        "url", "", "timeout", ConfigKeys.SINKS_WEBHOOK_TIMEOUT.name(), "mode", ConfigKeys.SINKS_WEBHOOK_MODE.name(),
                        "secret-file", "", "concurrency", ConfigKeys.SINKS_WEBHOOK_CONCURRENCY.name(), "follow-redirects", ""));
                URI url = v.url(here + ".url").orElseThrow(() -> new ConfigException(here + ".url", "is required"));
                yield new SubscriptionSettings.Webhook(url,
                        v.duration(here + ".timeout", ConfigKeys.SINKS_WEBHOOK_TIMEOUT),
                        v.choice(here + ".mode", RuntimeConfig.WebhookMode.class), v.path(here + ".secret-file"),
                        v.integer(here + ".concurrency", ConfigKeys.SINKS_WEBHOOK_CONCURRENCY),
                        v.optional(here + ".follow-redirects").map(b -> v.bool(here + ".follow-redirects")).orElse(false));
            }
            case "file" -> {
                onlyMembers(here, body, Set.of("path", "max-bytes", "max-files"));
                ConfigValues v = values(here, body, defaults, Map.of(
                        "path", "", "max-bytes", ConfigKeys.SINKS_FILE_MAX_BYTES.name(), "max-files", ConfigKeys.SINKS_FILE_MAX_FILES.name()));
                yield new SubscriptionSettings.File(Path.of(v.string(here + ".path")),
                        v.size(here + ".max-bytes", ConfigKeys.SINKS_FILE_MAX_BYTES),
                        v.integer(here + ".max-files", ConfigKeys.SINKS_FILE_MAX_FILES));
            }
            case "log" -> {
                onlyMembers(here, body, Set.of());
                yield new SubscriptionSettings.Log();
            }
            default -> throw new ConfigException(here, "unknown sink (known: webhook, file, log)");
        };
    }

    private static SubscriptionSettings.Policy policy(String at, JsonNode node, Map<String, String> defaults) {
        JsonNode body = node == null ? JSON.createObjectNode() : node;
        if (!body.isObject()) {
            throw new ConfigException(at, "must be a mapping {max-attempts, backoff-base, backoff-max}");
        }
        onlyMembers(at, body, Set.of("max-attempts", "backoff-base", "backoff-max"));
        ConfigValues v = values(at, body, defaults, Map.of(
                "max-attempts", ConfigKeys.DELIVERY_MAX_ATTEMPTS.name(), "backoff-base", ConfigKeys.DELIVERY_BACKOFF_BASE.name(),
                "backoff-max", ConfigKeys.DELIVERY_BACKOFF_MAX.name()));
        Duration base = v.duration(at + ".backoff-base", ConfigKeys.DELIVERY_BACKOFF_BASE);
        Duration max = v.duration(at + ".backoff-max", ConfigKeys.DELIVERY_BACKOFF_MAX);
        if (max.compareTo(base) < 0) {
            throw new ConfigException(at + ".backoff-max", "must not be less than backoff-base");
        }
        return new SubscriptionSettings.Policy(v.integer(at + ".max-attempts", ConfigKeys.DELIVERY_MAX_ATTEMPTS), base, max);
    }

    /**
     * The members of {@code body} as flat values under {@code at}, each missing one taken from the top-level key
     * {@code inherited} names (or unset when it names none), so the typed readers of {@link ConfigValues} apply.
     */
    private static ConfigValues values(String at, JsonNode body, Map<String, String> defaults,
                                       Map<String, String> inherited) {
        Map<String, String> flat = new LinkedHashMap<>();
        inherited.forEach((member, key) -> {
            JsonNode given = body == null ? null : body.get(member);
            if (given != null && !given.isNull()) {
                if (!given.isValueNode()) {
                    throw new ConfigException(at + "." + member, "must be a single value");
                }
                flat.put(at + "." + member, given.asText());
            } else {
                flat.put(at + "." + member, key.isEmpty() ? "" : defaults.getOrDefault(key, ""));
            }
        });
        return new ConfigValues(flat);
    }

    private static void onlyMembers(String at, JsonNode node, Set<String> members) {
        if (node == null || !node.isObject()) {
            if (node != null && !node.isNull()) {
                throw new ConfigException(at, "must be a mapping");
            }
            return;
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!members.contains(name)) {
                throw new ConfigException(at + "." + name, "unknown key"
                        + (members.isEmpty() ? "" : " (known: " + String.join(", ", members.stream().sorted().toList()) + ")"));
            }
        }
    }
}
