package io.eventqueue.operator.cli;

import io.eventqueue.operator.settings.OperatorSettings;
import io.eventqueue.operator.render.RuntimeDurations;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Operator settings from flags ({@code --runtime-image=IMG}) and environment ({@code EVENTQUEUE_OPERATOR_RUNTIME_IMAGE});
 * flags win. A bad value fails start-up with one line naming the setting.
 */
final class OperatorOptions {
    static final List<String> KEYS = List.of("runtime-image", "watch-namespaces", "leader-election-enabled",
            "leader-election-lease-name", "leader-election-lease-namespace", "pod-name", "management-port",
            "log-level", "resync-interval");

    private OperatorOptions() {
    }

    static OperatorSettings parse(List<String> args, Map<String, String> env) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String key : KEYS) {
            String fromEnv = env.get("EVENTQUEUE_OPERATOR_" + key.toUpperCase().replace('-', '_'));
            if (fromEnv != null && !fromEnv.isBlank()) {
                values.put(key, fromEnv.trim());
            }
        }
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("operator: unexpected argument " + arg + " (use --key=value)");
            }
            String key = arg.substring(2, arg.indexOf('='));
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("operator: unknown option --" + key + "; known: " + KEYS);
            }
            values.put(key, arg.substring(arg.indexOf('=') + 1).trim());
        }
        Set<String> namespaces = Arrays.stream(values.getOrDefault("watch-namespaces", "").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toCollection(TreeSet::new));
        return new OperatorSettings(
                namespaces,
                values.getOrDefault("runtime-image", OperatorSettings.DEFAULT_RUNTIME_IMAGE),
                value(values, "leader-election-enabled", false, OperatorOptions::bool),
                values.getOrDefault("leader-election-lease-name", OperatorSettings.DEFAULT_LEASE_NAME),
                values.get("leader-election-lease-namespace"),
                values.getOrDefault("pod-name", env.getOrDefault("HOSTNAME", "eventqueue-operator")),
                value(values, "management-port", OperatorSettings.DEFAULT_MANAGEMENT_PORT, OperatorOptions::port),
                value(values, "resync-interval", OperatorSettings.DEFAULT_RESYNC_INTERVAL,
                        RuntimeDurations::parse));
    }

    static String logLevel(List<String> args, Map<String, String> env) {
        String level = env.getOrDefault("EVENTQUEUE_OPERATOR_LOG_LEVEL", "info");
        for (String arg : args) {
            if (arg.startsWith("--log-level=")) {
                level = arg.substring("--log-level=".length());
            }
        }
        return level.trim().toLowerCase();
    }

    private static <T> T value(Map<String, String> values, String key, T fallback, Function<String, T> parser) {
        String raw = values.get(key);
        if (raw == null) {
            return fallback;
        }
        try {
            return parser.apply(raw);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("operator: " + key + ": " + e.getMessage());
        }
    }

    private static boolean bool(String s) {
        return switch (s.toLowerCase()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("expected true or false, got " + s);
        };
    }

    private static int port(String s) {
        int port = Integer.parseInt(s);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + s);
        }
        return port;
    }
}
