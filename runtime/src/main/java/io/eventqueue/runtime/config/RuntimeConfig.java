package io.eventqueue.runtime.config;

import static io.eventqueue.runtime.config.ConfigKeys.*;

import io.eventqueue.runtime.event.EventTypeRegistry;
import io.eventqueue.runtime.event.TypesMode;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The runtime's whole configuration, typed and validated; built by {@link ConfigLoader}. Keys: docs/configuration.md. */
public record RuntimeConfig(Server server,
                            Log log,
                            Auth auth,
                            Queue queue,
                            RateLimit rateLimit,
                            Sinks sinks,
                            Delivery delivery,
                            Path dataDir,
                            Durability durability,
                            JournalSettings journal,
                            Tracing tracing,
                            Shutdown shutdown,
                            Retention retention,
                            Events events,
                            KafkaSettings kafka) {

    public static final int MIN_JWT_KEY_BYTES = 32;

    public record Server(ListenAddress listenAddr,
                         ListenAddress managementAddr,
                         Duration readTimeout,
                         Duration writeTimeout,
                         Duration idleTimeout,
                         long maxBodyBytes,
                         long maxHeaderBytes,
                         Optional<Path> tlsCert,
                         Optional<Path> tlsKey,
                         Optional<Path> tlsClientCa,
                         Duration tlsReloadInterval) {
    }

    public enum LogLevel {
        TRACE, DEBUG, INFO, WARN, ERROR;

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public enum LogFormat {
        JSON, TEXT, AUTO;

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public record Log(LogLevel level, LogFormat format, boolean access) {
    }

    /**
     * @param adminPassword empty when none is configured: the runtime then generates one and prints it once
     * @param jwtKey        empty when none is configured: the runtime then generates one (tokens die with the process)
     */
    public record Auth(String adminUser,
                       Optional<Secret> adminPassword,
                       Optional<Secret> jwtKey,
                       String issuer,
                       String audience,
                       Duration tokenTtl,
                       Duration maxTokenTtl,
                       Duration clockSkew,
                       boolean statsRequireReader,
                       int loginMaxFailures,
                       Duration loginFailureWindow,
                       Optional<ExternalIssuer> external) {
    }

    /**
     * An external OpenID Connect issuer whose RS256/ES256 tokens are accepted besides the runtime's own
     * ({@code auth.external.*}); present when a JWKS URL or file is configured.
     *
     * @param roleMapping issuer role name → runtime role; empty means the names are used as they are
     */
    public record ExternalIssuer(Optional<URI> jwksUrl, Optional<Path> jwksFile, String issuer, String audience,
                                 String rolesClaim, Map<String, String> roleMapping, Duration jwksRefresh,
                                 Duration jwksTimeout) {
    }

    public record Queue(int capacity, long maxBytes, int workers, long maxEventBytes, int batchMax,
                        double highWaterMark, boolean unreadyAboveHighWater) {
    }

    public record RateLimit(boolean enabled, double globalRate, double globalBurst, double perClientRate,
                            double perClientBurst, int maxClients) {
    }

    public record LogSinkSettings(boolean enabled) {
    }

    public record FileSinkSettings(boolean enabled, Path path, long maxBytes, int maxFiles) {
    }

    public enum WebhookMode {
        BINARY, STRUCTURED;

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public record WebhookSinkSettings(boolean enabled, Optional<URI> url, Duration timeout, WebhookMode mode,
                              Optional<Path> secretFile, int concurrency) {
    }

    public record Sinks(LogSinkSettings log, FileSinkSettings file, WebhookSinkSettings webhook) {
    }

    /**
     * {@code delivery.*} and {@code subscriptions}.
     *
     * @param allowedNetworks CIDRs a subscriber may be in although they are link-local or cloud metadata
     */
    public record Delivery(int maxAttempts, Duration backoffBase, Duration backoffMax,
                           List<SubscriptionSettings> subscriptions, List<String> allowedNetworks) {
        public Delivery {
            subscriptions = List.copyOf(subscriptions);
            allowedNetworks = List.copyOf(allowedNetworks);
        }
    }

    public enum Durability {
        MEMORY, JOURNAL, KAFKA;

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * When the journal forces written records to the storage device.
     * <ul>
     *   <li>{@code ALWAYS}: every group commit is fsynced before appenders are released (survives power loss).</li>
     *   <li>{@code INTERVAL}: appenders are released once the group is written (survives a process crash);
     *       fsync runs at most every interval (a power loss may drop that last interval).</li>
     *   <li>{@code NEVER}: written to the OS only; the OS decides when it reaches the disk.</li>
     * </ul>
     */
    public enum Fsync {
        ALWAYS, INTERVAL, NEVER;

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public record JournalSettings(Fsync fsync, Duration fsyncInterval, long maxBytes) {
    }

    public enum TracingProtocol {
        GRPC("grpc"), HTTP_PROTOBUF("http/protobuf");

        private final String text;

        TracingProtocol(String text) {
            this.text = text;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** @param headers OTLP export headers, {@code key=value,…} (often an API key: kept as a secret, never printed) */
    public record Tracing(boolean enabled, URI endpoint, TracingProtocol protocol, double sampleRatio,
                          Optional<Secret> headers) {
    }

    /** {@code events.types.*}: the mode and the declared types, schemas compiled. */
    public record Events(EventTypeRegistry types) {
    }

    public record Shutdown(Duration drainTimeout) {
    }

    /**
     * Bounds of what the runtime remembers besides the journal: the dedup window, the dead-letter store, the
     * recent-event read index and the live stream's buffers.
     */
    public record Retention(Duration dedupWindow, int dedupMaxEntries, int dlqMaxEntries, long dlqMaxBytes,
                            int readsMaxEvents, long readsMaxBytes, Duration readsWindow, int streamBuffer,
                            int streamReplay) {
    }

    /** Types and validates merged values (every known key present); throws {@link ConfigException} naming the key. */
    public static RuntimeConfig from(Map<String, String> merged) {
        ConfigValues v = new ConfigValues(merged);
        Durability durability = v.choice(DURABILITY, Durability.class);
        Queue queue = queue(v);
        return new RuntimeConfig(server(v), log(v), auth(v), queue, rateLimit(v), sinks(v), delivery(v, merged),
                Path.of(v.string(DATA_DIR)), durability, journal(v), tracing(v),
                new Shutdown(v.duration(SHUTDOWN_DRAIN_TIMEOUT)), retention(v),
                new Events(EventTypesConfig.registry(v.choice(EVENTS_TYPES_MODE, TypesMode.class),
                        v.optional(EventTypesConfig.KEY).orElse(""))),
                KafkaSettings.from(v, durability == Durability.KAFKA, queue.maxEventBytes()));
    }

    private static Retention retention(ConfigValues v) {
        return new Retention(v.duration(DEDUP_WINDOW),
                v.integer(DEDUP_MAX_ENTRIES),
                v.integer(DLQ_MAX_ENTRIES),
                v.size(DLQ_MAX_BYTES),
                v.integer(READS_MAX_EVENTS),
                v.size(READS_MAX_BYTES),
                v.duration(READS_WINDOW),
                v.integer(STREAM_BUFFER),
                v.integer(STREAM_REPLAY));
    }

    private static Server server(ConfigValues v) {
        ListenAddress listen = v.address(SERVER_LISTEN_ADDR);
        ListenAddress management = v.address(SERVER_MANAGEMENT_ADDR);
        if (management.tls()) {
            throw new ConfigException(SERVER_MANAGEMENT_ADDR.name(), "must be http:// (probes and scrapers call it in plain HTTP)");
        }
        if (listen.port() != 0 && listen.port() == management.port() && listen.host().equals(management.host())) {
            throw new ConfigException(SERVER_MANAGEMENT_ADDR.name(), "must differ from server.listen-addr");
        }
        Optional<Path> cert = readablePath(v, SERVER_TLS_CERT);
        Optional<Path> key = readablePath(v, SERVER_TLS_KEY);
        Optional<Path> clientCa = readablePath(v, SERVER_TLS_CLIENT_CA);
        if (listen.tls() && cert.isEmpty()) {
            throw new ConfigException(SERVER_TLS_CERT.name(), "required when server.listen-addr is https://");
        }
        if (listen.tls() && key.isEmpty()) {
            throw new ConfigException(SERVER_TLS_KEY.name(), "required when server.listen-addr is https://");
        }
        if (!listen.tls() && clientCa.isPresent()) {
            throw new ConfigException(SERVER_TLS_CLIENT_CA.name(), "needs an https:// server.listen-addr");
        }
        return new Server(listen, management,
                v.duration(SERVER_READ_TIMEOUT),
                v.duration(SERVER_WRITE_TIMEOUT),
                v.duration(SERVER_IDLE_TIMEOUT),
                v.size(SERVER_MAX_BODY_BYTES),
                v.size(SERVER_MAX_HEADER_BYTES),
                cert, key, clientCa,
                v.duration(SERVER_TLS_RELOAD_INTERVAL));
    }

    private static Log log(ConfigValues v) {
        String level = v.string(LOG_LEVEL).toLowerCase(java.util.Locale.ROOT);
        // The Go Event Queue API's logger also knew fatal and panic; both mean "errors only" here.
        LogLevel parsed = switch (level) {
            case "fatal", "panic" -> LogLevel.ERROR;
            case "warning" -> LogLevel.WARN;
            default -> v.choice(LOG_LEVEL, LogLevel.class);
        };
        return new Log(parsed, v.choice(LOG_FORMAT, LogFormat.class), v.bool(LOG_ACCESS));
    }

    private static Auth auth(ConfigValues v) {
        String user = readSecretFile(v, AUTH_ADMIN_USER_FILE).map(Secret::asString)
                .orElseGet(() -> v.string(AUTH_ADMIN_USER));
        if (user.isBlank() || user.contains(":")) {
            throw new ConfigException(AUTH_ADMIN_USER.name(), "must be non-empty and must not contain ':'");
        }
        Optional<Secret> password = readSecretFile(v, AUTH_ADMIN_PASSWORD_FILE)
                .or(() -> v.optional(AUTH_ADMIN_PASSWORD).map(Secret::of));
        if (password.isPresent() && password.get().length() < 8) {
            throw new ConfigException(AUTH_ADMIN_PASSWORD.name(), "must be at least 8 characters");
        }
        Optional<Secret> jwtKey = readSecretFile(v, AUTH_JWT_KEY_FILE)
                .or(() -> v.optional(AUTH_JWT_KEY).map(Secret::of));
        if (jwtKey.isPresent() && jwtKey.get().length() < MIN_JWT_KEY_BYTES) {
            throw new ConfigException(AUTH_JWT_KEY.name(), "must be at least " + MIN_JWT_KEY_BYTES + " bytes for HS256");
        }
        Duration ttl = v.duration(AUTH_TOKEN_TTL);
        Duration maxTtl = v.duration(AUTH_MAX_TOKEN_TTL);
        if (ttl.compareTo(maxTtl) > 0) {
            throw new ConfigException(AUTH_TOKEN_TTL.name(), "must not exceed auth.max-token-ttl (" + Durations.format(maxTtl) + ")");
        }
        return new Auth(user, password, jwtKey, v.string(AUTH_ISSUER), v.string(AUTH_AUDIENCE), ttl, maxTtl,
                v.duration(AUTH_CLOCK_SKEW),
                v.bool(AUTH_STATS_REQUIRE_READER),
                v.integer(AUTH_LOGIN_MAX_FAILURES),
                v.duration(AUTH_LOGIN_FAILURE_WINDOW),
                externalIssuer(v));
    }

    /** Every key is read and validated first, so a bad value fails start-up even while no issuer is configured. */
    private static Optional<ExternalIssuer> externalIssuer(ConfigValues v) {
        Optional<URI> url = v.url(AUTH_EXTERNAL_JWKS_URL);
        Optional<Path> file = readablePath(v, AUTH_EXTERNAL_JWKS_FILE);
        Map<String, String> mapping = roleMapping(v);
        Optional<String> issuer = v.optional(AUTH_EXTERNAL_ISSUER);
        Optional<String> audience = v.optional(AUTH_EXTERNAL_AUDIENCE);
        String rolesClaim = v.string(AUTH_EXTERNAL_ROLES_CLAIM);
        Duration refresh = v.duration(AUTH_EXTERNAL_JWKS_REFRESH);
        Duration timeout = v.duration(AUTH_EXTERNAL_JWKS_TIMEOUT);
        if (url.isEmpty() && file.isEmpty()) {
            return Optional.empty();
        }
        if (url.isPresent() && file.isPresent()) {
            throw new ConfigException(AUTH_EXTERNAL_JWKS_FILE.name(), "set either auth.external.jwks-url or this, not both");
        }
        return Optional.of(new ExternalIssuer(url, file, required(issuer, AUTH_EXTERNAL_ISSUER),
                required(audience, AUTH_EXTERNAL_AUDIENCE), rolesClaim, mapping, refresh, timeout));
    }

    private static String required(Optional<String> value, ConfigKey key) {
        return value.orElseThrow(() -> new ConfigException(key.name(), "must not be empty"));
    }

    private static Map<String, String> roleMapping(ConfigValues v) {
        Map<String, String> mapping = new java.util.LinkedHashMap<>();
        for (String pair : v.optional(AUTH_EXTERNAL_ROLE_MAPPING).map(m -> m.split(",")).orElse(new String[0])) {
            String[] parts = pair.split("=", -1);
            String role = parts.length == 2 ? parts[1].strip() : "";
            if (parts.length != 2 || parts[0].isBlank() || !Roles.KNOWN.contains(role)) {
                throw new ConfigException(AUTH_EXTERNAL_ROLE_MAPPING.name(),
                        "must be issuer-role=runtime-role pairs separated by commas, runtime roles "
                                + Roles.ALL + ", got '" + pair.strip() + "'");
            }
            mapping.put(parts[0].strip(), role);
        }
        return Map.copyOf(mapping);
    }

    private static Queue queue(ConfigValues v) {
        return new Queue(v.integer(QUEUE_CAPACITY),
                v.size(QUEUE_MAX_BYTES),
                v.integer(QUEUE_WORKERS),
                v.size(QUEUE_MAX_EVENT_BYTES),
                v.integer(QUEUE_BATCH_MAX),
                v.number(QUEUE_HIGH_WATER_MARK),
                v.bool(QUEUE_UNREADY_ABOVE_HIGH_WATER));
    }

    private static RateLimit rateLimit(ConfigValues v) {
        double global = v.number(RATE_LIMIT_GLOBAL_RATE);
        double perClient = v.number(RATE_LIMIT_PER_CLIENT_RATE);
        return new RateLimit(v.bool(RATE_LIMIT_ENABLED), global,
                v.optionalNumber(RATE_LIMIT_GLOBAL_BURST).orElse(Math.max(1, global)),
                perClient,
                v.optionalNumber(RATE_LIMIT_PER_CLIENT_BURST).orElse(Math.max(1, perClient)),
                v.integer(RATE_LIMIT_MAX_CLIENTS));
    }

    private static Sinks sinks(ConfigValues v) {
        boolean webhookEnabled = v.bool(SINKS_WEBHOOK_ENABLED);
        Optional<URI> url = v.url(SINKS_WEBHOOK_URL);
        if (webhookEnabled && url.isEmpty()) {
            throw new ConfigException(SINKS_WEBHOOK_URL.name(), "required when sinks.webhook.enabled is true");
        }
        return new Sinks(new LogSinkSettings(v.bool(SINKS_LOG_ENABLED)),
                new FileSinkSettings(v.bool(SINKS_FILE_ENABLED), Path.of(v.string(SINKS_FILE_PATH)),
                        v.size(SINKS_FILE_MAX_BYTES), v.integer(SINKS_FILE_MAX_FILES)),
                new WebhookSinkSettings(webhookEnabled, url,
                        v.duration(SINKS_WEBHOOK_TIMEOUT),
                        v.choice(SINKS_WEBHOOK_MODE, WebhookMode.class),
                        v.path(SINKS_WEBHOOK_SECRET_FILE),
                        v.integer(SINKS_WEBHOOK_CONCURRENCY)));
    }

    private static Delivery delivery(ConfigValues v, Map<String, String> merged) {
        Duration base = v.duration(DELIVERY_BACKOFF_BASE);
        Duration max = v.duration(DELIVERY_BACKOFF_MAX);
        if (base.compareTo(max) > 0) {
            throw new ConfigException(DELIVERY_BACKOFF_BASE.name(), "must not exceed delivery.backoff-max");
        }
        List<String> networks = v.optional(DELIVERY_ALLOWED_NETWORKS)
                .map(n -> Arrays.stream(n.split(",")).map(String::strip).filter(x -> !x.isEmpty()).toList())
                .orElse(List.of());
        return new Delivery(v.integer(DELIVERY_MAX_ATTEMPTS), base, max,
                SubscriptionsConfig.parse(v.optional(SubscriptionsConfig.KEY).orElse(""), merged), networks);
    }

    private static JournalSettings journal(ConfigValues v) {
        return new JournalSettings(v.choice(JOURNAL_FSYNC, Fsync.class),
                v.duration(JOURNAL_FSYNC_INTERVAL),
                v.size(JOURNAL_MAX_BYTES));
    }

    private static Tracing tracing(ConfigValues v) {
        URI endpoint = v.url(TRACING_ENDPOINT)
                .orElseThrow(() -> new ConfigException(TRACING_ENDPOINT.name(), "must not be empty"));
        if (endpoint.getPort() > 65535) {
            throw new ConfigException(TRACING_ENDPOINT.name(), "port must be 1-65535");
        }
        String protocol = v.string(TRACING_PROTOCOL);
        TracingProtocol p = switch (protocol) {
            case "grpc" -> TracingProtocol.GRPC;
            case "http/protobuf" -> TracingProtocol.HTTP_PROTOBUF;
            default -> throw new ConfigException(TRACING_PROTOCOL.name(), "must be grpc or http/protobuf, got '" + protocol + "'");
        };
        Optional<Secret> headers = v.optional(TRACING_HEADERS).map(Secret::of);
        try {
            headers.ifPresent(h -> OtlpHeaders.parse(h.asString()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(TRACING_HEADERS.name(), e.getMessage());
        }
        return new Tracing(v.bool(TRACING_ENABLED), endpoint, p, v.number(TRACING_SAMPLE_RATIO), headers);
    }

    static Optional<Path> readablePath(ConfigValues v, ConfigKey key) {
        Optional<Path> path = v.path(key);
        path.ifPresent(p -> {
            if (!Files.isReadable(p)) {
                throw new ConfigException(key.name(), "cannot read " + p);
            }
        });
        return path;
    }

    /** A secret file's content without the trailing newline an editor or {@code echo} adds. */
    static Optional<Secret> readSecretFile(ConfigValues v, ConfigKey key) {
        return v.path(key).map(p -> {
            try {
                String s = Files.readString(p, StandardCharsets.UTF_8);
                s = s.endsWith("\r\n") ? s.substring(0, s.length() - 2) : s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
                if (s.isEmpty()) {
                    throw new ConfigException(key.name(), p + " is empty");
                }
                return Secret.of(s);
            } catch (IOException e) {
                throw new ConfigException(key.name(), "cannot read " + p);
            }
        });
    }
}
