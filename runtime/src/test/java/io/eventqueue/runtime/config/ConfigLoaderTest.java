package io.eventqueue.runtime.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private static RuntimeConfig load(Map<String, String> env, String... args) {
        return ConfigLoader.load(List.of(args), env);
    }

    @Test
    void defaultsMatchTheDocumentedContract() {
        RuntimeConfig c = load(Map.of());
        assertThat(c.server().listenAddr()).isEqualTo(new ListenAddress(false, "127.0.0.1", 8080));
        assertThat(c.server().managementAddr()).isEqualTo(new ListenAddress(false, "127.0.0.1", 9090));
        assertThat(c.server().maxBodyBytes()).isEqualTo(1 << 20);
        assertThat(c.queue().capacity()).isEqualTo(100);
        assertThat(c.queue().maxBytes()).isEqualTo(64L << 20);
        assertThat(c.queue().workers()).isEqualTo(4);
        assertThat(c.auth().adminUser()).isEqualTo("admin");
        assertThat(c.auth().adminPassword()).isEmpty();
        assertThat(c.auth().jwtKey()).isEmpty();
        assertThat(c.auth().tokenTtl()).isEqualTo(Duration.ofHours(1));
        assertThat(c.sinks().log().enabled()).isTrue();
        assertThat(c.sinks().file().enabled()).isFalse();
        assertThat(c.rateLimit().globalBurst()).isEqualTo(25);
        assertThat(c.shutdown().drainTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void flagsBeatEnvironmentWhichBeatsTheFileWhichBeatsDefaults() throws IOException {
        Path file = Files.writeString(dir.resolve("c.yaml"), """
                queue:
                  capacity: 10
                  workers: 2
                  batch-max: 7
                log:
                  level: debug
                """);
        Map<String, String> env = Map.of("EVENTQUEUE_QUEUE_CAPACITY", "20", "EVENTQUEUE_QUEUE_WORKERS", "3");
        RuntimeConfig c = load(env, "--config", file.toString(), "--queue.capacity=30");
        assertThat(c.queue().capacity()).isEqualTo(30);
        assertThat(c.queue().workers()).isEqualTo(3);
        assertThat(c.queue().batchMax()).isEqualTo(7);
        assertThat(c.log().level()).isEqualTo(RuntimeConfig.LogLevel.DEBUG);
        assertThat(c.queue().maxEventBytes()).isEqualTo(64 * 1024);
    }

    @Test
    void goEventQueueApiFlagsAreAliasesOfTheRuntimeKeys() {
        RuntimeConfig c = load(Map.of(),
                "--log-level=debug", "--listen-addr=http://localhost:8181", "--srv-read-timeout=5s",
                "--srv-write-timeout=6s", "--srv-idle-timeout=70s", "--enable-rate-limit=true",
                "--global-request-rate-limit=100", "--per-client-rate-limit=10", "--event-queue-size=1000",
                "--event-processor-file=/tmp/x/events.json", "--management-addr=http://127.0.0.1:9191");
        assertThat(c.log().level()).isEqualTo(RuntimeConfig.LogLevel.DEBUG);
        assertThat(c.server().listenAddr()).isEqualTo(new ListenAddress(false, "localhost", 8181));
        assertThat(c.server().managementAddr().port()).isEqualTo(9191);
        assertThat(c.server().readTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.server().writeTimeout()).isEqualTo(Duration.ofSeconds(6));
        assertThat(c.server().idleTimeout()).isEqualTo(Duration.ofSeconds(70));
        assertThat(c.rateLimit().enabled()).isTrue();
        assertThat(c.rateLimit().globalRate()).isEqualTo(100);
        assertThat(c.rateLimit().perClientRate()).isEqualTo(10);
        assertThat(c.rateLimit().perClientBurst()).isEqualTo(10);
        assertThat(c.queue().capacity()).isEqualTo(1000);
        assertThat(c.sinks().file().enabled()).as("a file path given by flag turns the file sink on").isTrue();
        assertThat(c.sinks().file().path()).isEqualTo(Path.of("/tmp/x/events.json"));
    }

    @Test
    void goEventQueueApiEnvironmentNamesAreAliasesAndTheOwnNameWins() {
        String key = "k".repeat(40);
        RuntimeConfig c = load(Map.of("LISTEN_ADDR", "http://0.0.0.0:8081", "JWTKEY", key, "ADMINUSER", "behavox-admin",
                "ADMINPASS", "behavox-pass", "LOGLVL", "warn", "EVENTQUEUE_LOG_LEVEL", "error"));
        assertThat(c.server().listenAddr()).isEqualTo(new ListenAddress(false, "0.0.0.0", 8081));
        assertThat(c.auth().jwtKey()).contains(Secret.of(key));
        assertThat(c.auth().adminUser()).isEqualTo("behavox-admin");
        assertThat(c.auth().adminPassword()).contains(Secret.of("behavox-pass"));
        assertThat(c.log().level()).isEqualTo(RuntimeConfig.LogLevel.ERROR);
    }

    @Test
    void jaegerFlagsBecomeTheTracingEndpointAndTurnTracingOn() {
        RuntimeConfig c = load(Map.of(), "--jeager-host=host.docker.internal", "--jeager-port=4317");
        assertThat(c.tracing().endpoint().toString()).isEqualTo("http://host.docker.internal:4317");
        assertThat(c.tracing().enabled()).isTrue();
        assertThat(load(Map.of(), "--jeager-host=jaeger").tracing().endpoint().toString())
                .isEqualTo("http://jaeger:5317");
    }

    @Test
    void goEventQueueApiLogLevelsFatalAndPanicMeanError() {
        assertThat(load(Map.of(), "--log-level=fatal").log().level()).isEqualTo(RuntimeConfig.LogLevel.ERROR);
        assertThat(load(Map.of(), "--log-level", "panic").log().level()).isEqualTo(RuntimeConfig.LogLevel.ERROR);
    }

    @Test
    void bareBooleanFlagMeansTrue() {
        assertThat(load(Map.of(), "--enable-rate-limit", "--log-level=info").rateLimit().enabled()).isTrue();
    }

    @Test
    void kubernetesServiceVariablesWithOurPrefixAreIgnored() {
        RuntimeConfig c = load(Map.of("EVENTQUEUE_SERVICE_HOST", "10.0.0.1", "EVENTQUEUE_PORT", "tcp://10.0.0.1:8080"));
        assertThat(c.server().listenAddr().port()).isEqualTo(8080);
    }

    @Test
    void secretFilesWinAndLoseTheirTrailingNewline() throws IOException {
        Path pw = Files.writeString(dir.resolve("admin-password"), "s3cret-password\n");
        Path key = Files.writeString(dir.resolve("jwt-key"), "x".repeat(32) + "\n");
        Path user = Files.writeString(dir.resolve("admin-user"), "ops\n");
        RuntimeConfig c = load(Map.of("ADMINPASS", "ignored-password"), "--auth.admin-password-file=" + pw,
                "--auth.jwt-key-file=" + key, "--auth.admin-user-file=" + user);
        assertThat(c.auth().adminPassword()).contains(Secret.of("s3cret-password"));
        assertThat(c.auth().jwtKey()).contains(Secret.of("x".repeat(32)));
        assertThat(c.auth().adminUser()).isEqualTo("ops");
    }

    @Test
    void secretsNeverShowInToString() {
        RuntimeConfig c = load(Map.of("ADMINPASS", "very-secret-pw"));
        assertThat(c.toString()).doesNotContain("very-secret-pw").contains("redacted");
    }

    @Test
    void theEmbeddedDefaultLoadsWithoutAConfigFile() {
        assertThat(load(Map.of()).sinks().file().path()).isEqualTo(Path.of("/tmp/events.json"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "--queue.capacity=abc           | config: queue.capacity: must be a whole number, got 'abc'",
            "--queue.capacity=0             | config: queue.capacity: must be between 1 and 10000000, got 0",
            "--event-queue-size=-5          | config: queue.capacity: must be between 1 and 10000000, got -5",
            "--srv-read-timeout=3 seconds   | config: server.read-timeout: must be a duration like 250ms, 3s, 1m or 1h, got '3 seconds'",
            "--listen-addr=localhost:8080   | config: server.listen-addr: must be http://HOST:PORT or https://HOST:PORT, got 'localhost:8080'",
            "--listen-addr=https://0.0.0.0:443 | config: server.tls.cert: required when server.listen-addr is https://",
            "--server.max-body-bytes=1XB    | config: server.max-body-bytes: must be a size like 65536, 64KiB, 1MiB or 1GiB, got '1XB'",
            "--log-level=loud               | config: log.level: must be one of trace, debug, info, warn, error, got 'loud'",
            "--enable-rate-limit=yes        | config: rate-limit.enabled: must be true or false, got 'yes'",
            "--global-request-rate-limit=0  | config: rate-limit.global-rate: must be between 0.001 and 1.0E9, got 0",
            "--auth.jwt-key=short           | config: auth.jwt-key: must be at least 32 bytes for HS256",
            "--auth.admin-password=short    | config: auth.admin-password: must be at least 8 characters",
            "--auth.token-ttl=48h           | config: auth.token-ttl: must not exceed auth.max-token-ttl (24h)",
            "--queue.high-water-mark=2      | config: queue.high-water-mark: must be between 0.01 and 1.0, got 2",
            "--durability=disk              | config: durability: must be one of memory, journal, kafka, got 'disk'",
            "--sinks.webhook.enabled=true   | config: sinks.webhook.url: required when sinks.webhook.enabled is true",
            "--no-such-flag=1               | config: --no-such-flag: unknown flag (see --help)",
            "--cert=/no/such/cert.pem       | config: server.tls.cert: cannot read /no/such/cert.pem",
            "--tracing.protocol=udp         | config: tracing.protocol: must be grpc or http/protobuf, got 'udp'",
            "--durability=kafka             | config: kafka.bootstrap-servers: required when durability=kafka (host:port,…)",
            "--kafka.bootstrap-servers=kafka | config: kafka.bootstrap-servers: expected host:port[,host:port…], got 'kafka'",
            "--kafka.topic=a/b              | config: kafka.topic: must be 1–200 characters of a-z A-Z 0-9 . _ -, got 'a/b'",
            "--kafka.sasl.mechanism=GSSAPI  | config: kafka.sasl.mechanism: must be none, PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512, got 'GSSAPI'",
            "--kafka.sasl.mechanism=PLAIN   | config: kafka.sasl.username-file: required when kafka.sasl.mechanism is PLAIN",
            "--kafka.min-insync-replicas=4  | config: kafka.min-insync-replicas: must not exceed kafka.replication-factor (3)",
            "--kafka.partition-key=id       | config: kafka.partition-key: must be one of subject, source, none, got 'id'",
            "--kafka.tls.cert-file=/no/such.pem | config: kafka.tls.cert-file: cannot read /no/such.pem",
            "--kafka.produce-timeout=10ms   | config: kafka.produce-timeout: must be between 100ms and 5m, got 10ms",
    })
    void badValuesFailWithOneLineNamingTheKey(String flag, String message) {
        assertThatThrownBy(() -> load(Map.of(), flag)).isInstanceOf(ConfigException.class).hasMessage(message);
    }

    @Test
    void kafkaRecordsMustHoldTheLargestEventInKafkaModeOnly() {
        assertThatThrownBy(() -> load(Map.of(), "--durability=kafka", "--kafka.bootstrap-servers=127.0.0.1:9092",
                "--queue.max-event-bytes=1MiB"))
                .hasMessage("config: kafka.max-record-bytes: must be at least queue.max-event-bytes + 16KiB (1064960 bytes)");
        assertThat(load(Map.of(), "--queue.max-event-bytes=1MiB").queue().maxEventBytes()).isEqualTo(1 << 20);
        assertThat(load(Map.of(), "--durability=kafka", "--kafka.bootstrap-servers=a:9092, b:9093").kafka()
                .bootstrapServers()).containsExactly("a:9092", "b:9093");
    }

    @Test
    void badEnvironmentValueNamesTheKey() {
        assertThatThrownBy(() -> load(Map.of("EVENTQUEUE_QUEUE_WORKERS", "many")))
                .hasMessage("config: queue.workers: must be a whole number, got 'many'");
    }

    @Test
    void unknownKeyInTheFileIsRefused() throws IOException {
        Path file = Files.writeString(dir.resolve("c.yaml"), "queue:\n  capacityy: 10\n");
        assertThatThrownBy(() -> load(Map.of(), "--config=" + file))
                .hasMessage("config: queue.capacityy: unknown key (see docs/configuration.md)");
    }

    @Test
    void yamlFileEdgeCases() throws IOException {
        Path flat = Files.writeString(dir.resolve("flat.yaml"), "queue.capacity: 7\nauth.issuer: ${HOME}\n");
        RuntimeConfig c = load(Map.of(), "--config=" + flat);
        assertThat(c.queue().capacity()).as("dotted keys at the top level").isEqualTo(7);
        assertThat(c.auth().issuer()).as("values are literal").isEqualTo("${HOME}");
        Path empty = Files.writeString(dir.resolve("empty.yaml"), "");
        assertThat(load(Map.of(), "--config=" + empty).queue().capacity()).isEqualTo(100);
        Path list = Files.writeString(dir.resolve("list.yaml"), "queue:\n  capacity: [1, 2]\n");
        assertThatThrownBy(() -> load(Map.of(), "--config=" + list))
                .hasMessage("config: queue.capacity: must be a single value, not a list or mapping");
        Path broken = Files.writeString(dir.resolve("broken.yaml"), "queue:\n  capacity: 1\n   workers: [\n");
        assertThatThrownBy(() -> load(Map.of(), "--config=" + broken))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("config: --config: ");
    }

    @Test
    void missingConfigFileIsRefused() {
        assertThatThrownBy(() -> load(Map.of(), "--config", dir.resolve("none.yaml").toString()))
                .hasMessageStartingWith("config: --config: file not found");
    }

    @Test
    void helpIsAnswered() {
        assertThatThrownBy(() -> load(Map.of(), "--help")).isInstanceOf(ConfigLoader.HelpRequested.class);
        assertThat(ConfigLoader.usage()).contains("--queue.capacity", "--listen-addr", "LISTEN_ADDR");
    }

    @Test
    void externalIssuerSettingsAreValidatedWithoutAnIssuer() {
        assertThatThrownBy(() -> load(Map.of(), "--auth.external.jwks-refresh=soon"))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("config: auth.external.jwks-refresh: ");
        assertThatThrownBy(() -> load(Map.of(), "--auth.external.role-mapping=eq=superuser"))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("config: auth.external.role-mapping: ");
        assertThatThrownBy(() -> load(Map.of(), "--auth.external.jwks-timeout=0s"))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("config: auth.external.jwks-timeout: ");
    }

    /**
     * Every key of a typed kind (boolean, number, duration, size) refuses a value of no type, naming the key, whether
     * or not the feature it belongs to is on.
     */
    @Test
    void everyTypedKeyIsValidatedWhetherOrNotItsFeatureIsOn() {
        Set<ConfigKey.Kind> typedKinds = EnumSet.of(ConfigKey.Kind.BOOL, ConfigKey.Kind.INT, ConfigKey.Kind.NUMBER,
                ConfigKey.Kind.DURATION, ConfigKey.Kind.SIZE);
        List<String> typed = ConfigKeys.all().stream().filter(k -> typedKinds.contains(k.kind()))
                .map(ConfigKey::name).toList();
        assertThat(typed).contains("auth.external.jwks-refresh", "sinks.webhook.timeout", "tracing.sample-ratio",
                "journal.max-bytes", "rate-limit.per-client-rate", "queue.unready-above-high-water",
                "rate-limit.global-burst");
        for (String key : typed) {
            assertThatThrownBy(() -> load(Map.of(), "--" + key + "=not-a-value"))
                    .as(key).isInstanceOf(ConfigException.class).hasMessageStartingWith("config: " + key + ": ");
        }
    }

    /** The declared bounds are the ones enforced: each bounded key takes its min and max and refuses past them. */
    @Test
    void everyBoundedKeyTakesItsBoundsAndRefusesBeyondThem() {
        for (ConfigKey k : ConfigKeys.all()) {
            if (!k.bounded()) {
                continue;
            }
            String name = k.name();
            assertThatCode(() -> read(k, k.min())).as(name + "=" + k.min()).doesNotThrowAnyException();
            assertThatCode(() -> read(k, k.max())).as(name + "=" + k.max()).doesNotThrowAnyException();
            assertThatThrownBy(() -> read(k, beyond(k)))
                    .as(name).isInstanceOf(ConfigException.class).hasMessageStartingWith("config: " + name + ": ");
        }
    }

    private static Object read(ConfigKey k, String value) {
        ConfigValues v = new ConfigValues(Map.of(k.name(), value));
        return switch (k.kind()) {
            case INT -> v.integer(k);
            case NUMBER -> v.number(k);
            case DURATION -> v.duration(k);
            case SIZE -> v.size(k);
            default -> throw new IllegalArgumentException(k.name() + " is not bounded");
        };
    }

    /** Just past the upper bound, in the key's syntax. */
    private static String beyond(ConfigKey k) {
        return switch (k.kind()) {
            case INT -> String.valueOf(Long.parseLong(k.max()) + 1);
            case NUMBER -> String.valueOf(Double.parseDouble(k.max()) * 2 + 1);
            case DURATION -> (Durations.parse(k.max()).orElseThrow().toMillis() + 1) + "ms";
            case SIZE -> String.valueOf(ConfigValues.parseSize(k.name(), k.max()) + 1);
            default -> throw new IllegalArgumentException(k.name() + " is not bounded");
        };
    }

    static Path findRepoFile(String relative) {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve(relative))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException(relative + " not found above " + Arrays.toString(new Object[] {Path.of("").toAbsolutePath()}));
        }
        return p.resolve(relative);
    }
}
