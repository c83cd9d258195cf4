package io.eventqueue.runtime.config;

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
    private static final Duration MAX_DURATION = Duration.ofDays(365);
    private static final long MAX_SIZE = 1L << 40;

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
        Durability durability = v.choice("durability", Durability.class);
        Queue queue = queue(v);
        return new RuntimeConfig(server(v), log(v), auth(v), queue, rateLimit(v), sinks(v), delivery(v, merged),
                Path.of(v.string("data-dir")), durability, journal(v), tracing(v),
                new Shutdown(v.duration("shutdown.drain-timeout", Duration.ZERO, Duration.ofHours(1))), retention(v),
                new Events(EventTypesConfig.registry(v.choice("events.types.mode", TypesMode.class),
                        v.optional(EventTypesConfig.KEY).orElse(""))),
                KafkaSettings.from(v, durability == Durability.KAFKA, queue.maxEventBytes()));
    }

    private static Retention retention(ConfigValues v) {
        return new Retention(v.duration("dedup.window", Duration.ZERO, Duration.ofDays(7)),
                v.integer("dedup.max-entries", 0, 10_000_000),
                v.integer("dlq.max-entries", 1, 10_000_000),
                v.size("dlq.max-bytes", 1L << 10, MAX_SIZE),
                v.integer("reads.max-events", 1, 10_000_000),
                v.size("reads.max-bytes", 1L << 10, MAX_SIZE),
                v.duration("reads.window", Duration.ofSeconds(1), MAX_DURATION),
                v.integer("stream.buffer", 1, 1_000_000),
                v.integer("stream.replay", 0, 1_000_000));
    }

    private static Server server(ConfigValues v) {
        ListenAddress listen = v.address("server.listen-addr");
        ListenAddress management = v.address("server.management-addr");
        if (management.tls()) {
            throw new ConfigException("server.management-addr", "must be http:// (probes and scrapers call it in plain HTTP)");
        }
        if (listen.port() != 0 && listen.port() == management.port() && listen.host().equals(management.host())) {
            throw new ConfigException("server.management-addr", "must differ from server.listen-addr");
        }
        Optional<Path> cert = readablePath(v, "server.tls.cert");
        Optional<Path> key = readablePath(v, "server.tls.key");
        Optional<Path> clientCa = readablePath(v, "server.tls.client-ca");
        if (listen.tls() && cert.isEmpty()) {
            throw new ConfigException("server.tls.cert", "required when server.listen-addr is https://");
        }
        if (listen.tls() && key.isEmpty()) {
            throw new ConfigException("server.tls.key", "required when server.listen-addr is https://");
        }
        if (!listen.tls() && clientCa.isPresent()) {
            throw new ConfigException("server.tls.client-ca", "needs an https:// server.listen-addr");
        }
        Duration min = Duration.ofMillis(1);
        return new Server(listen, management,
                v.duration("server.read-timeout", min, MAX_DURATION),
                v.duration("server.write-timeout", min, MAX_DURATION),
                v.duration("server.idle-timeout", min, MAX_DURATION),
                v.size("server.max-body-bytes", 1024, 1L << 30),
                v.size("server.max-header-bytes", 1024, 1L << 20),
                cert, key, clientCa,
                v.duration("server.tls.reload-interval", Duration.ZERO, Duration.ofDays(1)));
    }

    private static Log log(ConfigValues v) {
        String level = v.string("log.level").toLowerCase(java.util.Locale.ROOT);
        // The Go Event Queue API's logger also knew fatal and panic; both mean "errors only" here.
        LogLevel parsed = switch (level) {
            case "fatal", "panic" -> LogLevel.ERROR;
            case "warning" -> LogLevel.WARN;
            default -> v.choice("log.level", LogLevel.class);
        };
        return new Log(parsed, v.choice("log.format", LogFormat.class), v.bool("log.access"));
    }

    private static Auth auth(ConfigValues v) {
        String user = readSecretFile(v, "auth.admin-user-file").map(Secret::asString)
                .orElseGet(() -> v.string("auth.admin-user"));
        if (user.isBlank() || user.contains(":")) {
            throw new ConfigException("auth.admin-user", "must be non-empty and must not contain ':'");
        }
        Optional<Secret> password = readSecretFile(v, "auth.admin-password-file")
                .or(() -> v.optional("auth.admin-password").map(Secret::of));
        if (password.isPresent() && password.get().length() < 8) {
            throw new ConfigException("auth.admin-password", "must be at least 8 characters");
        }
        Optional<Secret> jwtKey = readSecretFile(v, "auth.jwt-key-file")
                .or(() -> v.optional("auth.jwt-key").map(Secret::of));
        if (jwtKey.isPresent() && jwtKey.get().length() < MIN_JWT_KEY_BYTES) {
            throw new ConfigException("auth.jwt-key", "must be at least " + MIN_JWT_KEY_BYTES + " bytes for HS256");
        }
        Duration ttl = v.duration("auth.token-ttl", Duration.ofSeconds(1), MAX_DURATION);
        Duration maxTtl = v.duration("auth.max-token-ttl", Duration.ofSeconds(1), MAX_DURATION);
        if (ttl.compareTo(maxTtl) > 0) {
            throw new ConfigException("auth.token-ttl", "must not exceed auth.max-token-ttl (" + Durations.format(maxTtl) + ")");
        }
        return new Auth(user, password, jwtKey, v.string("auth.issuer"), v.string("auth.audience"), ttl, maxTtl,
                v.duration("auth.clock-skew", Duration.ZERO, Duration.ofMinutes(10)),
                v.bool("auth.stats-require-reader"),
                v.integer("auth.login-max-failures", 1, 1_000_000),
                v.duration("auth.login-failure-window", Duration.ofSeconds(1), Duration.ofDays(1)),
                externalIssuer(v));
    }

    /** Every key is read and validated first, so a bad value fails start-up even while no issuer is configured. */
    private static Optional<ExternalIssuer> externalIssuer(ConfigValues v) {
        Optional<URI> url = v.url("auth.external.jwks-url");
        Optional<Path> file = readablePath(v, "auth.external.jwks-file");
        Map<String, String> mapping = roleMapping(v);
        Optional<String> issuer = v.optional("auth.external.issuer");
        Optional<String> audience = v.optional("auth.external.audience");
        String rolesClaim = v.string("auth.external.roles-claim");
        Duration refresh = v.duration("auth.external.jwks-refresh", Duration.ofSeconds(1), Duration.ofDays(1));
        Duration timeout = v.duration("auth.external.jwks-timeout", Duration.ofMillis(1), Duration.ofMinutes(1));
        if (url.isEmpty() && file.isEmpty()) {
            return Optional.empty();
        }
        if (url.isPresent() && file.isPresent()) {
            throw new ConfigException("auth.external.jwks-file", "set either auth.external.jwks-url or this, not both");
        }
        return Optional.of(new ExternalIssuer(url, file, required(issuer, "auth.external.issuer"),
                required(audience, "auth.external.audience"), rolesClaim, mapping, refresh, timeout));
    }

    private static String required(Optional<String> value, String key) {
        return value.orElseThrow(() -> new ConfigException(key, "must not be empty"));
    }

    private static Map<String, String> roleMapping(ConfigValues v) {
        Map<String, String> mapping = new java.util.LinkedHashMap<>();
        for (String pair : v.optional("auth.external.role-mapping").map(m -> m.split(",")).orElse(new String[0])) {
            String[] parts = pair.split("=", -1);
            String role = parts.length == 2 ? parts[1].strip() : "";
            if (parts.length != 2 || parts[0].isBlank() || !Roles.KNOWN.contains(role)) {
                throw new ConfigException("auth.external.role-mapping",
                        "must be issuer-role=runtime-role pairs separated by commas, runtime roles "
                                + Roles.ALL + ", got '" + pair.strip() + "'");
            }
            mapping.put(parts[0].strip(), role);
        }
        return Map.copyOf(mapping);
    }

    private static Queue queue(ConfigValues v) {
        return new Queue(v.integer("queue.capacity", 1, 10_000_000),
                v.size("queue.max-bytes", 1024, MAX_SIZE),
                v.integer("queue.workers", 1, 1024),
                v.size("queue.max-event-bytes", 64, 1L << 30),
                v.integer("queue.batch-max", 1, 100_000),
                v.number("queue.high-water-mark", 0.01, 1.0),
                v.bool("queue.unready-above-high-water"));
    }

    private static RateLimit rateLimit(ConfigValues v) {
        double global = v.number("rate-limit.global-rate", 0.001, 1e9);
        double perClient = v.number("rate-limit.per-client-rate", 0.001, 1e9);
        return new RateLimit(v.bool("rate-limit.enabled"), global,
                v.optionalNumber("rate-limit.global-burst", 1, 1e9).orElse(Math.max(1, global)),
                perClient,
                v.optionalNumber("rate-limit.per-client-burst", 1, 1e9).orElse(Math.max(1, perClient)),
                v.integer("rate-limit.max-clients", 1, 10_000_000));
    }

    private static Sinks sinks(ConfigValues v) {
        boolean webhookEnabled = v.bool("sinks.webhook.enabled");
        Optional<URI> url = v.url("sinks.webhook.url");
        if (webhookEnabled && url.isEmpty()) {
            throw new ConfigException("sinks.webhook.url", "required when sinks.webhook.enabled is true");
        }
        return new Sinks(new LogSinkSettings(v.bool("sinks.log.enabled")),
                new FileSinkSettings(v.bool("sinks.file.enabled"), Path.of(v.string("sinks.file.path")),
                        v.size("sinks.file.max-bytes", 1024, MAX_SIZE), v.integer("sinks.file.max-files", 1, 1000)),
                new WebhookSinkSettings(webhookEnabled, url,
                        v.duration("sinks.webhook.timeout", Duration.ofMillis(1), Duration.ofMinutes(10)),
                        v.choice("sinks.webhook.mode", WebhookMode.class),
                        v.path("sinks.webhook.secret-file"),
                        v.integer("sinks.webhook.concurrency", 1, 1024)));
    }

    private static Delivery delivery(ConfigValues v, Map<String, String> merged) {
        Duration base = v.duration("delivery.backoff-base", Duration.ofMillis(1), Duration.ofHours(1));
        Duration max = v.duration("delivery.backoff-max", Duration.ofMillis(1), Duration.ofHours(1));
        if (base.compareTo(max) > 0) {
            throw new ConfigException("delivery.backoff-base", "must not exceed delivery.backoff-max");
        }
        List<String> networks = v.optional("delivery.allowed-networks")
                .map(n -> Arrays.stream(n.split(",")).map(String::strip).filter(x -> !x.isEmpty()).toList())
                .orElse(List.of());
        return new Delivery(v.integer("delivery.max-attempts", 1, 100), base, max,
                SubscriptionsConfig.parse(v.optional(SubscriptionsConfig.KEY).orElse(""), merged), networks);
    }

    private static JournalSettings journal(ConfigValues v) {
        return new JournalSettings(v.choice("journal.fsync", Fsync.class),
                v.duration("journal.fsync-interval", Duration.ofMillis(1), Duration.ofMinutes(1)),
                v.size("journal.max-bytes", 1L << 20, MAX_SIZE));
    }

    private static Tracing tracing(ConfigValues v) {
        URI endpoint = v.url("tracing.endpoint")
                .orElseThrow(() -> new ConfigException("tracing.endpoint", "must not be empty"));
        if (endpoint.getPort() > 65535) {
            throw new ConfigException("tracing.endpoint", "port must be 1-65535");
        }
        String protocol = v.string("tracing.protocol");
        TracingProtocol p = switch (protocol) {
            case "grpc" -> TracingProtocol.GRPC;
            case "http/protobuf" -> TracingProtocol.HTTP_PROTOBUF;
            default -> throw new ConfigException("tracing.protocol", "must be grpc or http/protobuf, got '" + protocol + "'");
        };
        Optional<Secret> headers = v.optional("tracing.headers").map(Secret::of);
        try {
            headers.ifPresent(h -> OtlpHeaders.parse(h.asString()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("tracing.headers", e.getMessage());
        }
        return new Tracing(v.bool("tracing.enabled"), endpoint, p, v.number("tracing.sample-ratio", 0, 1), headers);
    }

    static Optional<Path> readablePath(ConfigValues v, String key) {
        Optional<Path> path = v.path(key);
        path.ifPresent(p -> {
            if (!Files.isReadable(p)) {
                throw new ConfigException(key, "cannot read " + p);
            }
        });
        return path;
    }

    /** A secret file's content without the trailing newline an editor or {@code echo} adds. */
    static Optional<Secret> readSecretFile(ConfigValues v, String key) {
        return v.path(key).map(p -> {
            try {
                String s = Files.readString(p, StandardCharsets.UTF_8);
                s = s.endsWith("\r\n") ? s.substring(0, s.length() - 2) : s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
                if (s.isEmpty()) {
                    throw new ConfigException(key, p + " is empty");
                }
                return Secret.of(s);
            } catch (IOException e) {
                throw new ConfigException(key, "cannot read " + p);
            }
        });
    }
}
