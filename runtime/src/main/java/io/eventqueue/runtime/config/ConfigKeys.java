package io.eventqueue.runtime.config;

import io.eventqueue.runtime.config.ConfigKey.Kind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Every configuration key, declared once: name, kind, default, bounds, the Go Event Queue API's aliases and the
 * description. Parsing ({@link RuntimeConfig#from}), {@code --help}, docs/configuration.md and the operator's key
 * names ({@link ConfigReference}) all come from this table. Bounds are in the key's own syntax, so the docs show
 * them as a user writes them.
 */
public final class ConfigKeys {
    public static final String ENV_PREFIX = "EVENTQUEUE_";

    private static final List<ConfigKey> ALL = new ArrayList<>();

    public static final ConfigKey SERVER_LISTEN_ADDR = address("server.listen-addr", "http://127.0.0.1:8080",
            "API address; `https://` turns TLS on", flag("listen-addr"), env("LISTEN_ADDR"));
    public static final ConfigKey SERVER_MANAGEMENT_ADDR = address("server.management-addr", "http://127.0.0.1:9090",
            "health and metrics address", flag("management-addr"));
    public static final ConfigKey SERVER_READ_TIMEOUT = duration("server.read-timeout", "3s", "1ms", "8760h",
            "max time for a request body to arrive: a body still arriving at the deadline is cut off and the "
                    + "connection closed (slowloris)", flag("srv-read-timeout"));
    public static final ConfigKey SERVER_WRITE_TIMEOUT = duration("server.write-timeout", "3s", "1ms", "8760h",
            "max time to write a response (validated; not enforced: Helidon 4.1 has no per-response write "
                    + "deadline)", flag("srv-write-timeout"));
    public static final ConfigKey SERVER_IDLE_TIMEOUT = duration("server.idle-timeout", "60s", "1ms", "8760h",
            "a keep-alive connection idle this long is closed (idle connections are looked for every half of "
                    + "this, at most every second)", flag("srv-idle-timeout"));
    public static final ConfigKey SERVER_MAX_BODY_BYTES = size("server.max-body-bytes", "1MiB", "1KiB", "1GiB",
            "larger request bodies → 413");
    public static final ConfigKey SERVER_MAX_HEADER_BYTES = size("server.max-header-bytes", "16KiB", "1KiB", "1MiB",
            "larger request headers → 431/400");
    public static final ConfigKey SERVER_TLS_CERT = path("server.tls.cert", "PEM certificate chain", flag("cert"));
    public static final ConfigKey SERVER_TLS_KEY = path("server.tls.key", "PEM private key", flag("cert-key"));
    public static final ConfigKey SERVER_TLS_CLIENT_CA = path("server.tls.client-ca",
            "PEM CA bundle; set → client certificates required (mTLS), verified against it (chain, validity, key "
                    + "usage, `clientAuth` extended key usage), never against the client's address");
    public static final ConfigKey SERVER_TLS_RELOAD_INTERVAL = duration("server.tls.reload-interval", "10s", "0s", "24h",
            "how often the TLS files are checked; changed content is loaded without a restart (`0s`: never)");
    public static final ConfigKey LOG_LEVEL = text("log.level", "info",
            "`trace`, `debug`, `info`, `warn`, `error` (`fatal`, `panic` map to `error`)", flag("log-level"), env("LOGLVL"));
    public static final ConfigKey LOG_FORMAT = choice("log.format", "auto",
            "`json`, `text`, or `auto` (text when stdout is a terminal)");
    public static final ConfigKey LOG_ACCESS = bool("log.access", "false", "one access-log line per request");
    public static final ConfigKey AUTH_ADMIN_USER = text("auth.admin-user", "admin",
            "admin user for `POST /v1/tokens`", env("ADMINUSER"));
    public static final ConfigKey AUTH_ADMIN_PASSWORD = secret("auth.admin-password", "",
            "admin password, ≥ 8 characters; never a built-in default (unset: generated and printed once at "
                    + "start)", env("ADMINPASS"));
    public static final ConfigKey AUTH_ADMIN_PASSWORD_FILE = path("auth.admin-password-file",
            "file holding the admin password (wins over `auth.admin-password`)");
    public static final ConfigKey AUTH_ADMIN_USER_FILE = path("auth.admin-user-file",
            "file holding the admin user name");
    public static final ConfigKey AUTH_JWT_KEY = secret("auth.jwt-key", "",
            "HMAC-SHA256 signing key, ≥ 32 bytes (unset: generated at start)", env("JWTKEY"));
    public static final ConfigKey AUTH_JWT_KEY_FILE = path("auth.jwt-key-file", "file holding the signing key");
    public static final ConfigKey AUTH_ISSUER = text("auth.issuer", "eventqueue", "`iss` claim written and required");
    public static final ConfigKey AUTH_AUDIENCE = text("auth.audience", "eventqueue",
            "`aud` claim written and required");
    public static final ConfigKey AUTH_TOKEN_TTL = duration("auth.token-ttl", "1h", "1s", "8760h",
            "default token lifetime");
    public static final ConfigKey AUTH_MAX_TOKEN_TTL = duration("auth.max-token-ttl", "24h", "1s", "8760h",
            "longest lifetime a token request may ask for");
    public static final ConfigKey AUTH_CLOCK_SKEW = duration("auth.clock-skew", "30s", "0s", "10m",
            "tolerated clock difference for `exp`/`nbf`");
    public static final ConfigKey AUTH_STATS_REQUIRE_READER = bool("auth.stats-require-reader", "false",
            "`GET /v1/stats` needs the reader role");
    public static final ConfigKey AUTH_LOGIN_MAX_FAILURES = integer("auth.login-max-failures", "5", 1, 1_000_000,
            "failed Basic logins on `POST /v1/tokens` allowed per remote address…");
    public static final ConfigKey AUTH_LOGIN_FAILURE_WINDOW = duration("auth.login-failure-window", "1m", "1s", "24h",
            "…refilled evenly over this window; beyond → 429 with `Retry-After`");
    public static final ConfigKey AUTH_EXTERNAL_JWKS_URL = url("auth.external.jwks-url", "",
            "JWKS URL of an external OIDC issuer whose RS256/ES256 tokens are also accepted");
    public static final ConfigKey AUTH_EXTERNAL_JWKS_FILE = path("auth.external.jwks-file",
            "or a local JWKS file (exactly one of the two turns the external issuer on)");
    public static final ConfigKey AUTH_EXTERNAL_ISSUER = text("auth.external.issuer", "",
            "required `iss` of external tokens (required with an external issuer)");
    public static final ConfigKey AUTH_EXTERNAL_AUDIENCE = text("auth.external.audience", "",
            "required member of `aud` of external tokens (required with an external issuer)");
    public static final ConfigKey AUTH_EXTERNAL_ROLES_CLAIM = text("auth.external.roles-claim", "roles",
            "claim holding the roles: dotted path (`realm_access.roles`), array or space-separated string "
                    + "(`scope`)");
    public static final ConfigKey AUTH_EXTERNAL_ROLE_MAPPING = text("auth.external.role-mapping", "",
            "`issuer-role=runtime-role` pairs, comma-separated (`eq-producer=writer,eq-ops=admin`); empty: names "
                    + "used as they are");
    public static final ConfigKey AUTH_EXTERNAL_JWKS_REFRESH = duration("auth.external.jwks-refresh", "5m", "1s", "24h",
            "keys are fetched again after this; an unknown `kid` refetches at most every 10 s (fixed floor); a "
                    + "cached token whose key left the set is refused from the next refresh on");
    public static final ConfigKey AUTH_EXTERNAL_JWKS_TIMEOUT = duration("auth.external.jwks-timeout", "5s", "1ms", "1m",
            "connect and read timeout for the JWKS URL");
    public static final ConfigKey QUEUE_CAPACITY = integer("queue.capacity", "100", 1, 10_000_000,
            "max events queued", flag("event-queue-size"));
    public static final ConfigKey QUEUE_MAX_BYTES = size("queue.max-bytes", "64MiB", "1KiB", "1024GiB",
            "max bytes of queued events");
    public static final ConfigKey QUEUE_WORKERS = integer("queue.workers", "4", 1, 1024, "worker threads");
    public static final ConfigKey QUEUE_MAX_EVENT_BYTES = size("queue.max-event-bytes", "64KiB", "64", "1GiB",
            "one event's max encoded size → 413");
    public static final ConfigKey QUEUE_BATCH_MAX = integer("queue.batch-max", "1000", 1, 100_000,
            "max events in one batch → 400/413");
    public static final ConfigKey QUEUE_HIGH_WATER_MARK = number("queue.high-water-mark", "0.9", 0.01, 1.0,
            "fraction of capacity counted as \"high water\" (used only with `queue.unready-above-high-water`)");
    public static final ConfigKey QUEUE_UNREADY_ABOVE_HIGH_WATER = bool("queue.unready-above-high-water", "false",
            "opt-in: `/health/ready` is also false while the queue is at or above the high-water mark. Off by "
                    + "default because readiness means \"able to serve\": if every pod is saturated and turns unready, the "
                    + "Service has no endpoints and clients get connection errors instead of `503` + `Retry-After`. Turn on "
                    + "only when other pods are known to have room");
    public static final ConfigKey RATE_LIMIT_ENABLED = bool("rate-limit.enabled", "false",
            "turn rate limiting on", flag("enable-rate-limit"));
    public static final ConfigKey RATE_LIMIT_GLOBAL_RATE = number("rate-limit.global-rate", "25", 0.001, 1e9,
            "events/s for the whole process", flag("global-request-rate-limit"));
    public static final ConfigKey RATE_LIMIT_GLOBAL_BURST = number("rate-limit.global-burst", "", 1, 1e9,
            "bucket size (unset: the rate)");
    public static final ConfigKey RATE_LIMIT_PER_CLIENT_RATE = number("rate-limit.per-client-rate", "2", 0.001, 1e9,
            "events/s per client (JWT `sub`, else remote address)", flag("per-client-rate-limit"));
    public static final ConfigKey RATE_LIMIT_PER_CLIENT_BURST = number("rate-limit.per-client-burst", "", 1, 1e9,
            "bucket size (unset: the rate)");
    public static final ConfigKey RATE_LIMIT_MAX_CLIENTS = integer("rate-limit.max-clients", "100000", 1, 10_000_000,
            "most per-client buckets kept; idle (full) buckets are dropped, new clients beyond the bound share "
                    + "one bucket");
    public static final ConfigKey SINKS_LOG_ENABLED = bool("sinks.log.enabled", "true",
            "one JSON line per processed event on stdout");
    public static final ConfigKey SINKS_FILE_ENABLED = bool("sinks.file.enabled", "false",
            "JSON Lines file sink (`true` when `sinks.file.path` is given by flag)");
    public static final ConfigKey SINKS_FILE_PATH = text("sinks.file.path", "/tmp/events.json",
            "file sink path", flag("event-processor-file"));
    public static final ConfigKey SINKS_FILE_MAX_BYTES = size("sinks.file.max-bytes", "100MiB", "1KiB", "1024GiB",
            "rotate when the file reaches this size");
    public static final ConfigKey SINKS_FILE_MAX_FILES = integer("sinks.file.max-files", "5", 1, 1000,
            "rotated files kept");
    public static final ConfigKey SINKS_WEBHOOK_ENABLED = bool("sinks.webhook.enabled", "false", "HTTP webhook sink");
    public static final ConfigKey SINKS_WEBHOOK_URL = url("sinks.webhook.url", "",
            "receiver URL (required when enabled)");
    public static final ConfigKey SINKS_WEBHOOK_TIMEOUT = duration("sinks.webhook.timeout", "5s", "1ms", "10m",
            "per-request timeout");
    public static final ConfigKey SINKS_WEBHOOK_MODE = choice("sinks.webhook.mode", "binary",
            "CloudEvents HTTP mode: `binary` or `structured`");
    public static final ConfigKey SINKS_WEBHOOK_SECRET_FILE = path("sinks.webhook.secret-file",
            "HMAC-SHA256 signing secret for the signature header");
    public static final ConfigKey SINKS_WEBHOOK_CONCURRENCY = integer("sinks.webhook.concurrency", "4", 1, 1024,
            "max requests in flight");
    public static final ConfigKey DELIVERY_MAX_ATTEMPTS = integer("delivery.max-attempts", "3", 1, 100,
            "attempts per sink before dead-lettering");
    public static final ConfigKey DELIVERY_BACKOFF_BASE = duration("delivery.backoff-base", "100ms", "1ms", "1h",
            "first retry delay (exponential, full jitter)");
    public static final ConfigKey DELIVERY_BACKOFF_MAX = duration("delivery.backoff-max", "10s", "1ms", "1h",
            "retry delay cap");
    public static final ConfigKey DELIVERY_ALLOWED_NETWORKS = text("delivery.allowed-networks", "",
            "CIDR blocks (comma-separated) a webhook subscriber may be in although they are link-local or cloud "
                    + "metadata (169.254.0.0/16, fe80::/10, fd00:ec2::254 are refused otherwise)");
    public static final ConfigKey SUBSCRIPTIONS = list("subscriptions",
            "list of subscriptions (YAML in the file, JSON text in a flag or variable): `{name, filters, sink, "
                    + "delivery, origin}`, see below");
    public static final ConfigKey DATA_DIR = text("data-dir", "./data",
            "journal and dead-letter files", flag("data-dir"));
    public static final ConfigKey DURABILITY = choice("durability", "journal",
            "`memory`, `journal` or `kafka` (see docs/architecture.md)");
    public static final ConfigKey JOURNAL_FSYNC = choice("journal.fsync", "interval", "`always`, `interval`, `never`");
    public static final ConfigKey JOURNAL_FSYNC_INTERVAL = duration("journal.fsync-interval", "10ms", "1ms", "1m",
            "group-commit interval for `interval`");
    public static final ConfigKey JOURNAL_MAX_BYTES = size("journal.max-bytes", "1GiB", "1MiB", "1024GiB",
            "journal disk bound; full → 503");
    public static final ConfigKey KAFKA_BOOTSTRAP_SERVERS = text("kafka.bootstrap-servers", "",
            "`host:port,…` of the Kafka cluster; required with `durability=kafka`");
    public static final ConfigKey KAFKA_TOPIC = text("kafka.topic", "eventqueue",
            "the events topic; retries wait on `<topic>.retry`, dead letters go to `<topic>.dlq`");
    public static final ConfigKey KAFKA_TOPICS_CREATE = bool("kafka.topics.create", "false",
            "create missing topics at start (Admin API); otherwise a missing topic stops the start, naming it");
    public static final ConfigKey KAFKA_PARTITIONS = integer("kafka.partitions", "6", 1, 10000,
            "partitions of created topics; an existing events topic must have at least this many");
    public static final ConfigKey KAFKA_REPLICATION_FACTOR = integer("kafka.replication-factor", "3", 1, 32,
            "replication factor of created topics");
    public static final ConfigKey KAFKA_MIN_INSYNC_REPLICAS = integer("kafka.min-insync-replicas", "2", 1, 32,
            "`min.insync.replicas` of created topics (≤ replication factor)");
    public static final ConfigKey KAFKA_GROUP_ID = text("kafka.group-id", "eventqueue",
            "consumer group of this instance's delivery (one per instance)");
    public static final ConfigKey KAFKA_INSTANCE_ID = text("kafka.instance-id", "",
            "static group membership id (the pod name); empty: dynamic membership");
    public static final ConfigKey KAFKA_PARTITION_KEY = choice("kafka.partition-key", "source",
            "record key when the event has no `partitionkey` extension: `subject`, `source`, `none`");
    public static final ConfigKey KAFKA_TLS_CA_FILE = path("kafka.tls.ca-file",
            "PEM CA certificates: connect with TLS and trust these");
    public static final ConfigKey KAFKA_TLS_CERT_FILE = path("kafka.tls.cert-file",
            "PEM client certificate (mutual TLS), with `kafka.tls.key-file`");
    public static final ConfigKey KAFKA_TLS_KEY_FILE = path("kafka.tls.key-file",
            "PEM private key of the client certificate");
    public static final ConfigKey KAFKA_SASL_MECHANISM = text("kafka.sasl.mechanism", "none",
            "`none`, `PLAIN`, `SCRAM-SHA-256`, `SCRAM-SHA-512`");
    public static final ConfigKey KAFKA_SASL_USERNAME_FILE = path("kafka.sasl.username-file",
            "file holding the SASL user name");
    public static final ConfigKey KAFKA_SASL_PASSWORD_FILE = path("kafka.sasl.password-file",
            "file holding the SASL password");
    public static final ConfigKey KAFKA_PRODUCE_TIMEOUT = duration("kafka.produce-timeout", "2s", "100ms", "5m",
            "bound of a produce (`delivery.timeout.ms`, `max.block.ms`): Kafka slow or down → 503 within it");
    public static final ConfigKey KAFKA_MAX_IN_FLIGHT_BYTES = size("kafka.max-in-flight-bytes", "32MiB", "1MiB", "16GiB",
            "bytes produced and not yet acknowledged by the brokers; above → 503");
    public static final ConfigKey KAFKA_MAX_RECORD_BYTES = size("kafka.max-record-bytes", "1MiB", "1KiB", "64MiB",
            "largest record (`max.request.size`); a bigger event → 413");
    public static final ConfigKey KAFKA_CONSUMER_MAX_POLL_RECORDS = integer("kafka.consumer.max-poll-records", "500", 1, 100_000,
            "records per poll of the delivery consumer");
    public static final ConfigKey KAFKA_CONSUMER_MAX_POLL_INTERVAL = duration("kafka.consumer.max-poll-interval", "5m", "10s", "1h",
            "`max.poll.interval.ms` (the consumer keeps polling: slow sinks pause partitions)");
    public static final ConfigKey KAFKA_CONSUMER_SESSION_TIMEOUT = duration("kafka.consumer.session-timeout", "45s", "1s", "30m",
            "`session.timeout.ms`: how long a vanished pod keeps its partitions (static membership)");
    public static final ConfigKey KAFKA_COMMIT_INTERVAL = duration("kafka.commit-interval", "1s", "10ms", "5m",
            "how often the completed offsets are committed");
    public static final ConfigKey KAFKA_START_TIMEOUT = duration("kafka.start-timeout", "30s", "1s", "10m",
            "bound of the start-up topic check; an unreachable cluster stops the start");
    public static final ConfigKey KAFKA_RETRY_IN_MEMORY_ATTEMPTS = integer("kafka.retry.in-memory-attempts", "2", 1, 100,
            "delivery attempts per sink made in memory; a later retry waits on `<topic>.retry` (its attempt count "
                    + "and not-before time in headers), so the events partition keeps committing");
    public static final ConfigKey DEDUP_WINDOW = duration("dedup.window", "5m", "0s", "168h",
            "a repeated (`source`, `type`, `id`) within this time is acknowledged as a duplicate and not queued; "
                    + "`0s` turns dedup off");
    public static final ConfigKey DEDUP_MAX_ENTRIES = integer("dedup.max-entries", "100000", 0, 10_000_000,
            "identities remembered at most (oldest forgotten first)");
    public static final ConfigKey DLQ_MAX_ENTRIES = integer("dlq.max-entries", "10000", 1, 10_000_000,
            "dead letters kept; beyond this the oldest is evicted (counted, logged)");
    public static final ConfigKey DLQ_MAX_BYTES = size("dlq.max-bytes", "64MiB", "1KiB", "1024GiB",
            "bytes of dead letters kept; same eviction");
    public static final ConfigKey READS_MAX_EVENTS = integer("reads.max-events", "10000", 1, 10_000_000,
            "events kept for `GET /v1/events`");
    public static final ConfigKey READS_MAX_BYTES = size("reads.max-bytes", "32MiB", "1KiB", "1024GiB",
            "bytes of events kept for `GET /v1/events`; with the journal their documents are kept in 1 MiB heap "
                    + "blocks, allocated as events arrive, up to this size plus one block");
    public static final ConfigKey READS_WINDOW = duration("reads.window", "1h", "1s", "8760h",
            "events older than this drop out of `GET /v1/events`");
    public static final ConfigKey STREAM_BUFFER = integer("stream.buffer", "1000", 1, 1_000_000,
            "events buffered per `GET /v1/events/stream` client; a client further behind is closed (`event: "
                    + "close`)");
    public static final ConfigKey STREAM_REPLAY = integer("stream.replay", "1000", 0, 1_000_000,
            "recent processed events kept for `Last-Event-ID` resume, while a client streams and for 5 minutes "
                    + "after the last one left");
    public static final ConfigKey TRACING_ENABLED = bool("tracing.enabled", "false", "OpenTelemetry tracing");
    public static final ConfigKey TRACING_ENDPOINT = url("tracing.endpoint", "http://localhost:4317",
            "OTLP endpoint; the Go Event Queue API's `--jeager-host` and `--jeager-port` set it to `http://HOST:PORT` "
                    + "(and turn `tracing.enabled` on)");
    public static final ConfigKey TRACING_PROTOCOL = text("tracing.protocol", "grpc", "`grpc` or `http/protobuf`");
    public static final ConfigKey TRACING_SAMPLE_RATIO = number("tracing.sample-ratio", "1.0", 0, 1, "0..1");
    public static final ConfigKey TRACING_HEADERS = secret("tracing.headers", "",
            "OTLP export headers, `key=value` pairs separated by commas (as `OTEL_EXPORTER_OTLP_HEADERS`), e.g. a "
                    + "vendor API key; a secret: give it through `EVENTQUEUE_TRACING_HEADERS` from a Secret, never printed");
    public static final ConfigKey SHUTDOWN_DRAIN_TIMEOUT = duration("shutdown.drain-timeout", "30s", "0s", "1h",
            "time to drain the queue after SIGTERM; the process exits within this + 4 s whatever the sinks do "
                    + "(deliveries still in flight are abandoned unacked: the journal delivers them again after restart)");
    public static final ConfigKey EVENTS_TYPES_MODE = choice("events.types.mode", "open",
            "`open`: any CloudEvent type is accepted, its data opaque; `strict`: only built-in (`log`, `metric`) "
                    + "and declared types, any other → 400 listing them");
    public static final ConfigKey EVENTS_TYPES_DECLARED = list("events.types.declared",
            "list of declared types (YAML in the file, JSON text in a flag or variable): `{type, schema \\| "
                    + "schema-file, required-extensions}`, see below");

    private static final Map<String, ConfigKey> BY_NAME = index();

    private ConfigKeys() {
    }

    /** In declaration order, which is the order of docs/configuration.md. */
    public static List<ConfigKey> all() {
        return Collections.unmodifiableList(ALL);
    }

    /** Name → default (empty = unset) for every key. */
    public static Map<String, String> defaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        ALL.forEach(k -> defaults.put(k.name(), k.defaultValue()));
        return defaults;
    }

    public static java.util.Set<String> names() {
        return BY_NAME.keySet();
    }

    public static boolean isKnown(String name) {
        return BY_NAME.containsKey(name);
    }

    public static boolean isStructured(String name) {
        return isKnown(name) && BY_NAME.get(name).kind() == Kind.STRUCTURED;
    }

    /** The Go Event Queue API's flag names → the keys they set. */
    public static Map<String, String> flagAliases() {
        Map<String, String> aliases = new LinkedHashMap<>();
        ALL.forEach(k -> k.flagAliases().forEach(a -> aliases.put(a, k.name())));
        return aliases;
    }

    /** The Go Event Queue API's environment names → the keys they set. */
    public static Map<String, String> envAliases() {
        Map<String, String> aliases = new LinkedHashMap<>();
        ALL.forEach(k -> k.envAliases().forEach(a -> aliases.put(a, k.name())));
        return aliases;
    }

    /** {@code queue.max-bytes} → {@code EVENTQUEUE_QUEUE_MAX_BYTES}. */
    public static String envName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static Map<String, ConfigKey> index() {
        Map<String, ConfigKey> byName = new LinkedHashMap<>();
        for (ConfigKey k : ALL) {
            if (byName.put(k.name(), k) != null) {
                throw new IllegalStateException("config key declared twice: " + k.name());
            }
        }
        return Collections.unmodifiableMap(byName);
    }

    private record Alias(boolean flag, String name) {
    }

    private static Alias flag(String name) {
        return new Alias(true, name);
    }

    private static Alias env(String name) {
        return new Alias(false, name);
    }

    private static ConfigKey add(String name, Kind kind, String defaultValue, String min, String max, String description,
                                 Alias... aliases) {
        List<String> flags = new ArrayList<>();
        List<String> envs = new ArrayList<>();
        for (Alias a : aliases) {
            (a.flag() ? flags : envs).add(a.name());
        }
        ConfigKey key = new ConfigKey(name, kind, Objects.requireNonNull(defaultValue), min, max, flags, envs,
                description);
        ALL.add(key);
        return key;
    }

    private static ConfigKey text(String name, String defaultValue, String description, Alias... aliases) {
        return add(name, Kind.TEXT, defaultValue, "", "", description, aliases);
    }

    /** A value never printed (in {@code --help}, logs or errors). */
    private static ConfigKey secret(String name, String defaultValue, String description, Alias... aliases) {
        return add(name, Kind.SECRET, defaultValue, "", "", description, aliases);
    }

    private static ConfigKey bool(String name, String defaultValue, String description, Alias... aliases) {
        return add(name, Kind.BOOL, defaultValue, "", "", description, aliases);
    }

    private static ConfigKey integer(String name, String defaultValue, int min, int max, String description,
                                     Alias... aliases) {
        return add(name, Kind.INT, defaultValue, String.valueOf(min), String.valueOf(max), description, aliases);
    }

    private static ConfigKey number(String name, String defaultValue, double min, double max, String description,
                                    Alias... aliases) {
        return add(name, Kind.NUMBER, defaultValue, plain(min), plain(max), description, aliases);
    }

    private static ConfigKey duration(String name, String defaultValue, String min, String max, String description,
                                      Alias... aliases) {
        return add(name, Kind.DURATION, defaultValue, min, max, description, aliases);
    }

    private static ConfigKey size(String name, String defaultValue, String min, String max, String description,
                                  Alias... aliases) {
        return add(name, Kind.SIZE, defaultValue, min, max, description, aliases);
    }

    private static ConfigKey choice(String name, String defaultValue, String description, Alias... aliases) {
        return add(name, Kind.CHOICE, defaultValue, "", "", description, aliases);
    }

    private static ConfigKey path(String name, String description, Alias... aliases) {
        return add(name, Kind.PATH, "", "", "", description, aliases);
    }

    private static ConfigKey url(String name, String defaultValue, String description, Alias... aliases) {
        return add(name, Kind.URL, defaultValue, "", "", description, aliases);
    }

    private static ConfigKey address(String name, String defaultValue, String description, Alias... aliases) {
        return add(name, Kind.ADDRESS, defaultValue, "", "", description, aliases);
    }

    private static ConfigKey list(String name, String description) {
        return add(name, Kind.STRUCTURED, "", "", "", description);
    }

    /** {@code 1.0E9} → {@code 1000000000}, {@code 0.001} stays. */
    private static String plain(double d) {
        return java.math.BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
}
