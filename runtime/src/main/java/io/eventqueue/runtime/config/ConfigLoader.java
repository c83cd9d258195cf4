package io.eventqueue.runtime.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges the configuration sources into one flat key → value map and types it.
 * Precedence: CLI flags > environment > config file > the defaults {@link ConfigKeys} declares.
 */
public final class ConfigLoader {
    /** The Go Event Queue API's flag names and the keys they set, so its command lines work unchanged. */
    private static final Map<String, String> FLAG_ALIASES = ConfigKeys.flagAliases();

    /** The Go Event Queue API's environment names and the keys they set; the {@code EVENTQUEUE_*} name of a key wins over these. */
    private static final Map<String, String> ENV_ALIASES = ConfigKeys.envAliases();

    private static final String JAEGER_HOST = "jeager-host";
    private static final String JAEGER_PORT = "jeager-port";
    // The Go Event Queue API's defaults for the half of the Jaeger address that was not given.
    private static final String JAEGER_DEFAULT_HOST = "localhost";
    private static final String JAEGER_DEFAULT_PORT = "5317";

    private static final ObjectMapper STRUCTURED_JSON = new ObjectMapper();

    private ConfigLoader() {
    }

    /** Thrown for {@code --help}: the caller prints {@link #usage()} and exits 0. */
    public static final class HelpRequested extends RuntimeException {
        HelpRequested() {
            super("help", null, false, false);
        }
    }

    public static RuntimeConfig load(List<String> args, Map<String, String> env) {
        return RuntimeConfig.from(merge(args, env));
    }

    /** The merged, untyped values: every known key is present (empty = unset). */
    public static Map<String, String> merge(List<String> args, Map<String, String> env) {
        Flags flags = Flags.parse(args);
        Map<String, String> values = new LinkedHashMap<>(ConfigKeys.defaults());
        if (flags.configFile != null) {
            values.putAll(readFile(flags.configFile));
        }
        values.putAll(fromEnv(env));
        values.putAll(flags.values);
        if (flags.jaegerHost != null || flags.jaegerPort != null) {
            String host = flags.jaegerHost == null ? JAEGER_DEFAULT_HOST : flags.jaegerHost;
            String port = flags.jaegerPort == null ? JAEGER_DEFAULT_PORT : flags.jaegerPort;
            values.put(ConfigKeys.TRACING_ENDPOINT.name(), "http://" + host + ":" + port);
            values.put(ConfigKeys.TRACING_ENABLED.name(), "true");
        }
        return values;
    }

    static Map<String, String> fromEnv(Map<String, String> env) {
        Map<String, String> values = new HashMap<>();
        ENV_ALIASES.forEach((name, key) -> {
            String v = env.get(name);
            if (v != null) {
                values.put(key, v);
            }
        });
        // Unknown EVENTQUEUE_* names are ignored on purpose: Kubernetes injects EVENTQUEUE_SERVICE_HOST, EVENTQUEUE_PORT…
        // for a Service named "eventqueue", and those must not stop the pod.
        for (String key : ConfigKeys.names()) {
            String v = env.get(ConfigKeys.envName(key));
            if (v != null) {
                values.put(key, v);
            }
        }
        return values;
    }

    static Map<String, String> readFile(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            return flatten(in, "--config " + path);
        } catch (NoSuchFileException e) {
            throw new ConfigException("--config", "file not found: " + path);
        } catch (IOException e) {
            throw new ConfigException("--config", "cannot read " + path + ": " + e.getMessage());
        }
    }

    /**
     * YAML → flat {@code a.b.c} keys. Read with SnakeYAML's safe constructor, scalars turned into strings the way
     * Helidon's YAML config source does it (no environment, no {@code ${}} resolution). Helidon Config itself is not
     * used here: building one loads ~300 classes of source and node machinery at start for a one-shot read of a file.
     * The parser is wired as {@code Yaml.load} wires it, without the {@code Yaml} facade, whose dumping half
     * (representer, emitter) would load for nothing.
     */
    static Map<String, String> flatten(InputStream yaml, String source) throws IOException {
        Object root;
        try (Reader reader = new InputStreamReader(yaml, StandardCharsets.UTF_8)) {
            LoaderOptions options = new LoaderOptions();
            SafeConstructor constructor = new SafeConstructor(options);
            constructor.setComposer(new Composer(new ParserImpl(new StreamReader(reader), options), new Resolver(),
                    options));
            root = constructor.getSingleData(Object.class);
        } catch (YAMLException e) {
            throw new ConfigException("--config", source + " is not valid YAML: " + firstLine(e.getMessage()));
        }
        Map<String, String> out = new LinkedHashMap<>();
        if (root == null) {
            return out;
        }
        if (!(root instanceof Map<?, ?> mapping)) {
            throw new ConfigException("--config", source + " must be a YAML mapping of keys");
        }
        flatten("", mapping, out);
        return out;
    }

    private static void flatten(String prefix, Map<?, ?> node, Map<String, String> out) {
        for (Map.Entry<?, ?> child : node.entrySet()) {
            String name = String.valueOf(child.getKey());
            String key = prefix.isEmpty() ? name : prefix + "." + name;
            Object value = child.getValue();
            boolean known = ConfigKeys.isKnown(key);
            if (value instanceof Map<?, ?> mapping && !known) {
                flatten(key, mapping, out);
            } else if (!known) {
                throw new ConfigException(key, "unknown key (see docs/configuration.md)");
            } else if (ConfigKeys.isStructured(key)) {
                out.put(key, structured(key, value));
            } else if (value instanceof Map<?, ?> || value instanceof List<?>) {
                throw new ConfigException(key, "must be a single value, not a list or mapping");
            } else if (value != null && !value.toString().isEmpty()) {
                out.put(key, value.toString());
            }
        }
    }

    /** A list or mapping value as JSON text, the form its key takes from a flag or variable too. */
    private static String structured(String key, Object value) {
        if (value == null) {
            return "";
        }
        try {
            return STRUCTURED_JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new ConfigException(key, "cannot be read as JSON: " + e.getOriginalMessage());
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    public static String usage() {
        StringBuilder b = new StringBuilder();
        b.append("usage: eventqueue-runtime [--config PATH] [--KEY=VALUE]...\n\n");
        b.append("Keys (flag --KEY=VALUE, env EVENTQUEUE_KEY; see docs/configuration.md):\n");
        ConfigKeys.defaults().forEach((k, v) -> b.append("  --").append(k)
                .append(v.isEmpty() ? "" : " (default " + v + ")").append('\n'));
        b.append("\nGo Event Queue API flag aliases: ");
        FLAG_ALIASES.keySet().stream().sorted().forEach(a -> b.append("--").append(a).append(' '));
        b.append("--").append(JAEGER_HOST).append(" --").append(JAEGER_PORT).append('\n');
        b.append("Go Event Queue API environment aliases: ");
        ENV_ALIASES.keySet().stream().sorted().forEach(a -> b.append(a).append(' '));
        return b.append('\n').toString();
    }

    /** The command line: flags keep their order, so a later flag overrides an earlier one naming the same key. */
    private static final class Flags {
        Path configFile;
        String jaegerHost;
        String jaegerPort;
        final Map<String, String> values = new LinkedHashMap<>();

        static Flags parse(List<String> args) {
            Flags flags = new Flags();
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                if (arg.equals("--help") || arg.equals("-h")) {
                    throw new HelpRequested();
                }
                if (!arg.startsWith("--") || arg.length() == 2) {
                    throw new ConfigException(arg, "unexpected argument (flags are --KEY=VALUE)");
                }
                String body = arg.substring(2);
                int eq = body.indexOf('=');
                String name = eq < 0 ? body : body.substring(0, eq);
                String value;
                if (eq >= 0) {
                    value = body.substring(eq + 1);
                } else if (isBoolean(name) && (i + 1 >= args.size() || args.get(i + 1).startsWith("--"))) {
                    value = "true";
                } else if (i + 1 < args.size()) {
                    value = args.get(++i);
                } else {
                    throw new ConfigException("--" + name, "needs a value");
                }
                flags.set(name, value);
            }
            return flags;
        }

        private static boolean isBoolean(String name) {
            String key = FLAG_ALIASES.getOrDefault(name, name);
            String def = ConfigKeys.defaults().get(key);
            return "true".equals(def) || "false".equals(def);
        }

        private void set(String name, String value) {
            switch (name) {
                case "config" -> configFile = Path.of(value);
                case JAEGER_HOST -> jaegerHost = value;
                case JAEGER_PORT -> jaegerPort = value;
                default -> {
                    String key = FLAG_ALIASES.getOrDefault(name, name);
                    if (!ConfigKeys.isKnown(key)) {
                        throw new ConfigException("--" + name, "unknown flag (see --help)");
                    }
                    values.put(key, value);
                    if (key.equals(ConfigKeys.SINKS_FILE_PATH.name())) {
                        values.putIfAbsent(ConfigKeys.SINKS_FILE_ENABLED.name(), "true");
                    }
                }
            }
        }
    }
}
