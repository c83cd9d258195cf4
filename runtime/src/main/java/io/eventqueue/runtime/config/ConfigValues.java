package io.eventqueue.runtime.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Typed reads of the merged values; every failure names its key. */
final class ConfigValues {
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KiB|MiB|GiB)?");

    private final Map<String, String> values;

    ConfigValues(Map<String, String> values) {
        this.values = values;
    }

    Optional<String> optional(String key) {
        String v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException("undeclared config key " + key);
        }
        v = v.strip();
        return v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    String string(String key) {
        return optional(key).orElseThrow(() -> new ConfigException(key, "must not be empty"));
    }

    boolean bool(String key) {
        String v = string(key).toLowerCase(Locale.ROOT);
        return switch (v) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigException(key, "must be true or false, got '" + v + "'");
        };
    }

    Optional<String> optional(ConfigKey key) {
        return optional(key.name());
    }

    String string(ConfigKey key) {
        return string(key.name());
    }

    boolean bool(ConfigKey key) {
        return bool(key.name());
    }

    <E extends Enum<E>> E choice(ConfigKey key, Class<E> type) {
        return choice(key.name(), type);
    }

    Optional<Path> path(ConfigKey key) {
        return path(key.name());
    }

    Optional<URI> url(ConfigKey key) {
        return url(key.name());
    }

    ListenAddress address(ConfigKey key) {
        return address(key.name());
    }

    int integer(ConfigKey key) {
        return integer(key.name(), key);
    }

    double number(ConfigKey key) {
        return number(key.name(), key);
    }

    Optional<Double> optionalNumber(ConfigKey key) {
        check(key, ConfigKey.Kind.NUMBER);
        return optional(key.name()).map(v -> parseNumber(key.name(), v, Double.parseDouble(key.min()),
                Double.parseDouble(key.max())));
    }

    Duration duration(ConfigKey key) {
        return duration(key.name(), key);
    }

    long size(ConfigKey key) {
        return size(key.name(), key);
    }

    /** The value at {@code at} (a subscription's member, say) within the bounds {@code bounds} declares. */
    int integer(String at, ConfigKey bounds) {
        check(bounds, ConfigKey.Kind.INT);
        return integer(at, Integer.parseInt(bounds.min()), Integer.parseInt(bounds.max()));
    }

    double number(String at, ConfigKey bounds) {
        check(bounds, ConfigKey.Kind.NUMBER);
        return number(at, Double.parseDouble(bounds.min()), Double.parseDouble(bounds.max()));
    }

    Duration duration(String at, ConfigKey bounds) {
        check(bounds, ConfigKey.Kind.DURATION);
        return duration(at, Durations.parse(bounds.min()).orElseThrow(), Durations.parse(bounds.max()).orElseThrow());
    }

    long size(String at, ConfigKey bounds) {
        check(bounds, ConfigKey.Kind.SIZE);
        return size(at, parseSize(bounds.name(), bounds.min()), parseSize(bounds.name(), bounds.max()));
    }

    /** A reader of the wrong kind is a programming error in the table or its use, not a user's mistake. */
    private static void check(ConfigKey key, ConfigKey.Kind kind) {
        if (key.kind() != kind || !key.bounded()) {
            throw new IllegalStateException(key.name() + " is declared " + key.kind() + ", read as " + kind);
        }
    }

    private int integer(String key, int min, int max) {
        String v = string(key);
        try {
            int i = Integer.parseInt(v);
            if (i < min || i > max) {
                throw new ConfigException(key, "must be between " + min + " and " + max + ", got " + i);
            }
            return i;
        } catch (NumberFormatException e) {
            throw new ConfigException(key, "must be a whole number, got '" + v + "'");
        }
    }

    private double number(String key, double min, double max) {
        return parseNumber(key, string(key), min, max);
    }

    private static double parseNumber(String key, String v, double min, double max) {
        try {
            double d = Double.parseDouble(v);
            if (!Double.isFinite(d) || d < min || d > max) {
                throw new ConfigException(key, "must be between " + min + " and " + max + ", got " + v);
            }
            return d;
        } catch (NumberFormatException e) {
            throw new ConfigException(key, "must be a number, got '" + v + "'");
        }
    }

    /** {@code 250ms}, {@code 3s}, {@code 1m}, {@code 1h}. */
    private Duration duration(String key, Duration min, Duration max) {
        String v = string(key);
        Duration d = Durations.parse(v).orElseThrow(() ->
                new ConfigException(key, "must be a duration like 250ms, 3s, 1m or 1h, got '" + v + "'"));
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new ConfigException(key, "must be between " + Durations.format(min) + " and "
                    + Durations.format(max) + ", got " + v);
        }
        return d;
    }

    /** Bytes, or {@code 64KiB}, {@code 1MiB}, {@code 1GiB}. */
    private long size(String key, long min, long max) {
        String v = string(key);
        long bytes = parseSize(key, v);
        if (bytes < min || bytes > max) {
            throw new ConfigException(key, "must be between " + min + " and " + max + " bytes, got " + v);
        }
        return bytes;
    }

    static long parseSize(String key, String v) {
        Matcher m = SIZE.matcher(v);
        if (!m.matches()) {
            throw new ConfigException(key, "must be a size like 65536, 64KiB, 1MiB or 1GiB, got '" + v + "'");
        }
        long unit = switch (m.group(2) == null ? "B" : m.group(2)) {
            case "KiB" -> 1L << 10;
            case "MiB" -> 1L << 20;
            case "GiB" -> 1L << 30;
            default -> 1L;
        };
        long bytes;
        try {
            bytes = Math.multiplyExact(Long.parseLong(m.group(1)), unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new ConfigException(key, "size is too large: '" + v + "'");
        }
        return bytes;
    }

    <E extends Enum<E>> E choice(String key, Class<E> type) {
        String v = string(key);
        for (E e : type.getEnumConstants()) {
            if (e.toString().equals(v.toLowerCase(Locale.ROOT))) {
                return e;
            }
        }
        StringBuilder allowed = new StringBuilder();
        for (E e : type.getEnumConstants()) {
            allowed.append(allowed.isEmpty() ? "" : ", ").append(e);
        }
        throw new ConfigException(key, "must be one of " + allowed + ", got '" + v + "'");
    }

    Optional<Path> path(String key) {
        return optional(key).map(Path::of);
    }

    /** {@code http://HOST:PORT} or {@code https://HOST:PORT}; port 0 picks a free port. */
    ListenAddress address(String key) {
        String v = string(key);
        URI uri;
        try {
            uri = new URI(v);
        } catch (URISyntaxException e) {
            throw new ConfigException(key, "must be http://HOST:PORT or https://HOST:PORT, got '" + v + "'");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getPort() < 0
                || (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/"))) {
            throw new ConfigException(key, "must be http://HOST:PORT or https://HOST:PORT, got '" + v + "'");
        }
        if (uri.getPort() > 65535) {
            throw new ConfigException(key, "port must be 0-65535, got " + uri.getPort());
        }
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new ListenAddress(scheme.equals("https"), host, uri.getPort());
    }

    Optional<URI> url(String key) {
        return optional(key).map(v -> {
            try {
                URI uri = new URI(v);
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                    throw new ConfigException(key, "must be an http:// or https:// URL, got '" + v + "'");
                }
                return uri;
            } catch (URISyntaxException e) {
                throw new ConfigException(key, "must be an http:// or https:// URL, got '" + v + "'");
            }
        });
    }

}
