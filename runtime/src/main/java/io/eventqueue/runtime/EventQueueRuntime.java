package io.eventqueue.runtime;

import io.eventqueue.runtime.auth.AdminCredentials;
import io.eventqueue.runtime.auth.CachingTokenVerifier;
import io.eventqueue.runtime.auth.ExternalTokenVerifier;
import io.eventqueue.runtime.auth.HmacTokenVerifier;
import io.eventqueue.runtime.auth.SigningKey;
import io.eventqueue.runtime.auth.TokenIssuer;
import io.eventqueue.runtime.auth.TokenVerifier;
import io.eventqueue.runtime.config.RuntimeConfig;
import io.eventqueue.runtime.config.Secret;
import io.eventqueue.runtime.event.EventDecoder;
import io.eventqueue.runtime.event.EventTypeRegistry;
import io.eventqueue.runtime.event.EventValidator;
import io.eventqueue.runtime.http.ApiRoutes;
import io.eventqueue.runtime.http.BearerAuthenticator;
import io.eventqueue.runtime.http.BodyReadDeadline;
import io.eventqueue.runtime.http.ErrorHandling;
import io.eventqueue.runtime.http.EventsService;
import io.eventqueue.runtime.http.KnownRoutes;
import io.eventqueue.runtime.http.ProblemMetrics;
import io.eventqueue.runtime.http.ProtectionFilter;
import io.eventqueue.runtime.http.RequestLimits;
import io.eventqueue.runtime.http.ServerTls;
import io.eventqueue.runtime.http.StatsService;
import io.eventqueue.runtime.http.TokensService;
import io.eventqueue.runtime.http.TransportProblems;
import io.eventqueue.runtime.http.TypesService;
import io.eventqueue.runtime.observe.EventQueueMetrics;
import io.eventqueue.runtime.observe.EventSpans;
import io.eventqueue.runtime.observe.HttpMetrics;
import io.eventqueue.runtime.observe.HttpObserveFilter;
import io.eventqueue.runtime.http.WireLogging;
import io.eventqueue.runtime.limit.LoginThrottle;
import io.eventqueue.runtime.limit.RateLimiter;
import io.eventqueue.runtime.observe.Lifecycle;
import io.eventqueue.runtime.observe.MetricsListener;
import io.eventqueue.runtime.observe.MetricsSetup;
import io.eventqueue.runtime.observe.PipelineListener;
import io.eventqueue.runtime.observe.ReadinessCheck;
import io.eventqueue.runtime.observe.RuntimeStats;
import io.eventqueue.runtime.observe.Tracing;
import io.eventqueue.runtime.admission.BoundedEventQueue;
import io.eventqueue.runtime.delivery.WorkerPool;
import io.eventqueue.runtime.http.DeadLetterService;
import io.eventqueue.runtime.http.EventReadsService;
import io.helidon.common.config.GlobalConfig;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.openapi.OpenApiFeature;
import io.eventqueue.runtime.tls.TlsReloader;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.ObserveFeatureConfig;
import io.helidon.webserver.observe.health.HealthObserver;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The whole runtime: config → components → Helidon server with the API socket and the management socket.
 * {@link #start()} returns once both sockets listen and workers run; {@link #shutdown()} drains and stops.
 */
public final class EventQueueRuntime {
    public static final String MANAGEMENT_SOCKET = "management";
    /** The API's OpenAPI document (a static file: META-INF/openapi.yaml). */
    public static final String OPENAPI = "/openapi";
    private static final Logger LOG = Logger.getLogger(EventQueueRuntime.class.getName());
    /** Verified tokens remembered by the hot path. */
    private static final int TOKEN_CACHE_ENTRIES = 10_000;
    private static final Duration STREAM_KEEP_ALIVE = Duration.ofSeconds(10);
    private static final Duration WORKER_STOP_TIMEOUT = Duration.ofSeconds(5);
    /** After a drain timeout only the events in progress are waited for, briefly. */
    private static final Duration WORKER_STOP_AFTER_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration IDLE_SWEEP_MAX = Duration.ofSeconds(1);

    private final RuntimeConfig config;
    private final Clock clock;
    private final Lifecycle lifecycle = new Lifecycle();
    private final RuntimeStats stats = new RuntimeStats();
    private final Pipeline pipeline;
    private final WebServer server;
    private final Tracing tracing;
    private final KnownRoutes routes;
    private final Optional<TlsReloader> tlsReloader;
    private final Optional<Secret> generatedPassword;
    private final boolean generatedJwtKey;
    private final Object shutdownLock = new Object();
    private boolean shutDown;

    private EventQueueRuntime(RuntimeConfig config, Tracing tracing) throws IOException {
        this.config = config;
        this.clock = Clock.systemUTC();
        this.tracing = tracing;
        WireLogging.neverLogSecrets();
        isolateHelidonGlobalConfig();
        RuntimeConfig.Auth auth = config.auth();
        RuntimeConfig.Queue q = config.queue();

        EventTypeRegistry types = config.events().types();
        MeterRegistry registry = MetricsSetup.registry();
        EventQueueMetrics metrics = new EventQueueMetrics(registry);
        PipelineListener listener = PipelineListener.of(List.of(stats, new MetricsListener(metrics, clock)));
        EventSpans spans = tracing.eventSpans();
        EventValidator validator = new EventValidator(types, q.maxEventBytes());
        pipeline = new Pipeline(config, validator, listener, spans, clock, registry);
        BoundedEventQueue queue = pipeline.queue();
        WorkerPool workers = pipeline.workers();

        SigningKey key = auth.jwtKey().map(SigningKey::of).orElseGet(SigningKey::generate);
        generatedJwtKey = key.generated();
        AdminCredentials admin;
        if (auth.adminPassword().isPresent()) {
            admin = AdminCredentials.of(auth.adminUser(), auth.adminPassword().get());
            generatedPassword = Optional.empty();
        } else {
            AdminCredentials.GeneratedPassword g = AdminCredentials.generate(auth.adminUser());
            admin = g.credentials();
            generatedPassword = Optional.of(g.password());
        }
        List<TokenVerifier> verifiers = new ArrayList<>();
        verifiers.add(new HmacTokenVerifier(key, auth.issuer(), auth.audience(), auth.clockSkew(), clock));
        auth.external().ifPresent(ext -> verifiers.add(ExternalTokenVerifier.create(ext, auth.clockSkew(), clock)));
        TokenVerifier verifier = new CachingTokenVerifier(TokenVerifier.firstOf(verifiers), TOKEN_CACHE_ENTRIES,
                auth.clockSkew(), clock);
        BearerAuthenticator bearer = new BearerAuthenticator(verifier);
        RequestLimits limits = new RequestLimits(new RateLimiter(config.rateLimit(), System::nanoTime), verifier);
        LoginThrottle loginThrottle = new LoginThrottle(auth.loginMaxFailures(), auth.loginFailureWindow(),
                System::nanoTime);

        EventDecoder decoder = new EventDecoder(validator, q.batchMax());
        routes = new KnownRoutes();
        // Served by Helidon's OpenAPI feature (below), not by a route of ours.
        routes.allow("GET", OPENAPI);
        // request metrics, and the access log when log.access is on
        HttpRouting.Builder api = HttpRouting.builder()
                .addFilter(new HttpObserveFilter(new HttpMetrics(registry), config.log().access()))
                .addFilter(new ProtectionFilter(limits, new BodyReadDeadline(config.server().readTimeout())));
        new ApiRoutes(api, routes).register(
                new TokensService(admin, new TokenIssuer(key, auth.issuer(), auth.audience(), clock),
                        auth.tokenTtl(), auth.maxTokenTtl(), loginThrottle),
                new EventsService(bearer, decoder, types, pipeline.admission(), limits.guard(), listener,
                        config.server().maxBodyBytes(), clock),
                new TypesService(bearer, types),
                new StatsService(stats, queue, workers, types, bearer, auth.statsRequireReader(), clock)
                        .sections(Map.of("durability", pipeline::stats)),
                new EventReadsService(bearer, pipeline.index(), pipeline.stream(), STREAM_KEEP_ALIVE),
                new DeadLetterService(bearer, pipeline.deadLetters(), pipeline.replays(), pipeline.codec()));
        new ErrorHandling(routes, new ProblemMetrics(metrics)).register(api);
        HttpRouting.Builder management = HttpRouting.builder().addFilter(new ProtectionFilter.SecurityHeaders());
        new ErrorHandling(new KnownRoutes()).register(management);

        ReadinessCheck readiness = new ReadinessCheck(lifecycle, queue::depth, queue.capacity(), q.highWaterMark(),
                q.unreadyAboveHighWater(), pipeline.log()::reachable);
        metrics.bindGauges(new EventQueueMetrics.RuntimeGauges(queue::depth, queue::capacity, queue::bytes,
                queue::maxBytes, workers::busy, workers::size, readiness::ready));
        metrics.bindStoreGauges(new EventQueueMetrics.StoreGauges(() -> pipeline.deadLetters().size(),
                () -> pipeline.log().usedBytes(), () -> pipeline.log().unacked()));
        ObserveFeatureConfig.Builder observe = ObserveFeature.builder()
                .endpoint("/")
                .sockets(List.of(MANAGEMENT_SOCKET))
                // a discovered metrics observer would replace our registry with Helidon's defaults
                .observersDiscoverServices(false)
                .addObserver(HealthObserver.builder()
                        .endpoint("/health")
                        .details(true)
                        .useSystemServices(false)
                        .addCheck(readiness)
                        .build())
                .addObserver(MetricsSetup.observer());
        tracing.observer().ifPresent(observe::addObserver);

        RuntimeConfig.Server s = config.server();
        WebServerConfig.Builder web = WebServer.builder()
                // Shutdown order matters (drain before the sockets close), so Main owns the only shutdown hook.
                .shutdownHook(false)
                // Features are wired explicitly below: nothing appears on a socket just because a jar is on the path.
                .featuresDiscoverServices(false)
                .host(s.listenAddr().host())
                .port(s.listenAddr().port())
                .connectionOptions(o -> o.readTimeout(s.idleTimeout()))
                .idleConnectionTimeout(s.idleTimeout())
                // Helidon looks for idle connections only every idleConnectionPeriod (minutes by default), so a
                // short idle timeout would otherwise be honoured only at the next sweep.
                .idleConnectionPeriod(idleSweep(s.idleTimeout()))
                .addProtocol(Http1Config.builder().maxHeadersSize((int) s.maxHeaderBytes()).build())
                .directHandlers(TransportProblems.handlers(routes))
                .routing(api)
                .putSocket(MANAGEMENT_SOCKET, socket -> socket
                        .host(s.managementAddr().host())
                        .port(s.managementAddr().port())
                        .directHandlers(TransportProblems.handlers(new KnownRoutes()))
                        .routing(management))
                .addFeature(observe.build())
                .addFeature(OpenApiFeature.builder()
                        .webContext(OPENAPI)
                        .staticFile("META-INF/openapi.yaml")
                        .servicesDiscoverServices(false)
                        .build());
        if (s.listenAddr().tls()) {
            web.tls(ServerTls.from(s));
        }
        server = web.build();
        tlsReloader = s.listenAddr().tls() && !s.tlsReloadInterval().isZero()
                ? Optional.of(new TlsReloader(ServerTls.files(s), server::reloadTls))
                : Optional.empty();
    }

    /** Idle connections are closed within the idle timeout plus this: half the timeout, at most one second. */
    private static Duration idleSweep(Duration idleTimeout) {
        Duration half = idleTimeout.dividedBy(2);
        return half.compareTo(IDLE_SWEEP_MAX) > 0 ? IDLE_SWEEP_MAX : half.isZero() ? Duration.ofMillis(1) : half;
    }

    /**
     * Helidon components without an explicit config (metrics, observers) fall back to a global one, which Helidon
     * otherwise discovers from meta-config, {@code application.*} files, the environment and system properties. The
     * runtime's configuration is exactly docs/configuration.md, so that fallback is empty: no stray file or variable
     * changes the server, and the discovery (~80 classes and a scan of the class path at start) never runs. A global
     * config set before (an embedding test) is kept.
     */
    private static void isolateHelidonGlobalConfig() {
        GlobalConfig.config(io.helidon.common.config.Config::empty, false);
    }

    /**
     * The runtime the configuration describes: the one composition of admission, event log and delivery for its
     * durability mode, the API and the management sockets. {@code tracing} is built by the caller from
     * {@code tracing.*} because it outlives a failed start-up's cleanup and exports to a process-wide collector.
     */
    public static EventQueueRuntime create(RuntimeConfig config, Tracing tracing) throws IOException {
        return new EventQueueRuntime(config, tracing);
    }

    /** @throws IllegalStateException when a socket cannot listen (address in use, no permission) */
    public EventQueueRuntime start() {
        server.start();
        // Helidon logs a bind failure and stops instead of throwing; a runtime without its sockets must not go on.
        if (!server.isRunning() || server.port() < 0 || server.port(MANAGEMENT_SOCKET) < 0) {
            server.stop();
            // the log is open and its threads run: a runtime that cannot listen must not leave them behind
            pipeline.closeUnstarted();
            throw new IllegalStateException("cannot listen on server.listen-addr " + config.server().listenAddr()
                    + " and server.management-addr " + config.server().managementAddr()
                    + " (address in use or not permitted; see the error above)");
        }
        tlsReloader.ifPresent(r -> r.start(config.server().tlsReloadInterval()));
        try {
            pipeline.start();
        } catch (IOException e) {
            throw new IllegalStateException("event log replay failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during event log replay", e);
        }
        lifecycle.set(Lifecycle.State.RUNNING);
        return this;
    }

    /**
     * Readiness false, new events refused (503), queue drained within {@code shutdown.drain-timeout}, sinks flushed
     * and closed, sockets closed. Safe to call more than once.
     */
    public void shutdown() {
        synchronized (shutdownLock) {
            if (shutDown) {
                return;
            }
            shutDown = true;
        }
        lifecycle.set(Lifecycle.State.DRAINING);
        pipeline.admission().close();
        BoundedEventQueue queue = pipeline.queue();
        WorkerPool workers = pipeline.workers();
        Duration drainTimeout = config.shutdown().drainTimeout();
        LOG.info(() -> "draining: " + queue.depth() + " events queued, timeout " + drainTimeout.toMillis() + "ms");
        try {
            boolean drained = workers.drain(drainTimeout);
            if (!drained) {
                int left = queue.discard();
                io.eventqueue.runtime.observe.StructuredLog.log(LOG, Level.WARNING,
                        "drain timed out; events not processed", Map.of("events_lost", left, "in_progress", workers.busy()));
            }
            workers.stop(drained ? WORKER_STOP_TIMEOUT : WORKER_STOP_AFTER_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pipeline.close();
        tlsReloader.ifPresent(TlsReloader::close);
        server.stop();
        tracing.close();
        lifecycle.set(Lifecycle.State.STOPPED);
        LOG.info(() -> "stopped: " + stats.accepted() + " accepted, " + stats.processed() + " processed, "
                + stats.failed() + " failed");
    }

    public int port() {
        return server.port();
    }

    public int managementPort() {
        return server.port(MANAGEMENT_SOCKET);
    }

    public RuntimeConfig config() {
        return config;
    }

    /** The API routes, as declared for 405 answers and documented in the OpenAPI document. */
    public KnownRoutes routes() {
        return routes;
    }

    public RuntimeStats stats() {
        return stats;
    }

    public Lifecycle.State state() {
        return lifecycle.state();
    }

    /** The admin password generated because none was configured; shown once at start-up. */
    public Optional<Secret> generatedPassword() {
        return generatedPassword;
    }

    public boolean generatedJwtKey() {
        return generatedJwtKey;
    }
}
