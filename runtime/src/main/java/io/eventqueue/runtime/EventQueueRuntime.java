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
import io.eventqueue.runtime.http.BearerAuthenticator;
import io.eventqueue.runtime.http.BodyReadDeadline;
import io.eventqueue.runtime.http.ErrorHandling;
import io.eventqueue.runtime.http.EventRequestGuard;
import io.eventqueue.runtime.http.EventsService;
import io.eventqueue.runtime.http.KnownRoutes;
import io.eventqueue.runtime.http.ProblemMetrics;
import io.eventqueue.runtime.http.ProtectionFilter;
import io.eventqueue.runtime.http.RequestLimits;
import io.eventqueue.runtime.http.ServerTls;
import io.eventqueue.runtime.http.StatsService;
import io.eventqueue.runtime.http.TokensService;
import io.eventqueue.runtime.http.TransportProblems;
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
import io.eventqueue.runtime.observe.ObservedConsumer;
import io.eventqueue.runtime.observe.PipelineListener;
import io.eventqueue.runtime.observe.ReadinessCheck;
import io.eventqueue.runtime.observe.RuntimeStats;
import io.eventqueue.runtime.observe.TracedAdmission;
import io.eventqueue.runtime.observe.TracedSink;
import io.eventqueue.runtime.observe.Tracing;
import io.eventqueue.runtime.observe.TracingSettings;
import io.eventqueue.runtime.process.DirectDelivery;
import io.eventqueue.runtime.process.ProcessorRegistry;
import io.eventqueue.runtime.queue.BoundedEventQueue;
import io.eventqueue.runtime.queue.EventAdmission;
import io.eventqueue.runtime.queue.EventConsumer;
import io.eventqueue.runtime.queue.WorkerPool;
import io.eventqueue.runtime.sink.Sink;
import io.eventqueue.runtime.sink.Sinks;
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
import io.helidon.webserver.observe.spi.Observer;
import io.helidon.webserver.spi.ServerFeature;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
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
    private static final Duration WORKER_STOP_TIMEOUT = Duration.ofSeconds(5);
    /** After a drain timeout only the events in progress are waited for, briefly. */
    private static final Duration WORKER_STOP_AFTER_TIMEOUT = Duration.ofSeconds(1);

    private final RuntimeConfig config;
    private final Clock clock;
    private final Lifecycle lifecycle = new Lifecycle();
    private final RuntimeStats stats = new RuntimeStats();
    private final BoundedEventQueue queue;
    private final EventAdmission admission;
    private final WorkerPool workers;
    private final List<StartTask> startTasks;
    private final List<Runnable> stopTasks;
    private final WebServer server;
    private final Tracing tracing;
    private final KnownRoutes routes;
    private final Optional<TlsReloader> tlsReloader;
    private final Optional<Secret> generatedPassword;
    private final boolean generatedJwtKey;
    private final Object shutdownLock = new Object();
    private boolean shutDown;

    private EventQueueRuntime(Builder b) throws IOException {
        this.config = b.config;
        this.clock = b.clock;
        WireLogging.neverLogSecrets();
        isolateHelidonGlobalConfig();
        RuntimeConfig.Auth auth = config.auth();
        RuntimeConfig.Queue q = config.queue();

        EventTypeRegistry types = EventTypeRegistry.discover();
        queue = new BoundedEventQueue(q.capacity(), q.maxBytes());
        startTasks = List.copyOf(b.startTasks);
        stopTasks = List.copyOf(b.stopTasks);
        List<PipelineListener> listeners = new ArrayList<>();
        listeners.add(stats);
        MeterRegistry registry = MetricsSetup.registry();
        EventQueueMetrics metrics = new EventQueueMetrics(registry);
        listeners.add(new MetricsListener(metrics, clock));
        tracing = b.tracing != null ? b.tracing : Tracing.create(TracingSettings.from(config.tracing()));
        EventSpans spans = tracing.eventSpans();
        listeners.addAll(b.listeners);
        PipelineListener listener = PipelineListener.of(listeners);
        List<Sink> sinks = new ArrayList<>(Sinks.fromConfig(config.sinks()));
        sinks.addAll(b.sinks);
        if (spans.enabled()) {
            sinks.replaceAll(sink -> new TracedSink(sink, spans));
        }
        EventConsumer consumer = new ObservedConsumer(b.consumerFactory.create(new ConsumerContext(config,
                ProcessorRegistry.discover(), List.copyOf(sinks), listener, clock)), spans);
        workers = new WorkerPool(queue, consumer, q.workers());
        admission = b.admissionFactory.apply(queue);

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
        verifiers.addAll(b.tokenVerifiers);
        TokenVerifier verifier = new CachingTokenVerifier(TokenVerifier.firstOf(verifiers), TOKEN_CACHE_ENTRIES,
                auth.clockSkew(), clock);
        BearerAuthenticator bearer = new BearerAuthenticator(verifier);
        RequestLimits limits = new RequestLimits(new RateLimiter(config.rateLimit(), System::nanoTime), verifier);
        LoginThrottle loginThrottle = new LoginThrottle(auth.loginMaxFailures(), auth.loginFailureWindow(),
                System::nanoTime);

        EventValidator validator = new EventValidator(types, q.maxEventBytes());
        EventDecoder decoder = new EventDecoder(validator, q.batchMax());
        routes = new KnownRoutes();
        routes.allow("GET", OPENAPI);
        EventsService.declare(routes);
        TokensService.declare(routes);
        StatsService.declare(routes);
        ErrorHandling errors = new ErrorHandling(routes, new ProblemMetrics(metrics));
        // request metrics, and the access log when log.access is on
        HttpRouting.Builder api = HttpRouting.builder()
                .addFilter(new HttpObserveFilter(new HttpMetrics(registry), config.log().access()))
                .addFilter(new ProtectionFilter(limits, new BodyReadDeadline(config.server().readTimeout())));
        api.register(new TokensService(admin, new TokenIssuer(key, auth.issuer(), auth.audience(), clock),
                        auth.tokenTtl(), auth.maxTokenTtl(), loginThrottle))
                .register(new EventsService(bearer, decoder, types,
                        spans.enabled() ? new TracedAdmission(admission, spans) : admission,
                        limits.guardBefore(b.guard), listener,
                        config.server().maxBodyBytes(), clock))
                .register(new StatsService(stats, queue, workers, types, bearer, auth.statsRequireReader(), clock)
                        .sections(Map.copyOf(b.statsSections)));
        b.apiRoutes.forEach(r -> r.accept(new ApiExtension(api, routes, bearer)));
        errors.register(api);
        HttpRouting.Builder management = HttpRouting.builder().addFilter(new ProtectionFilter.SecurityHeaders());
        new ErrorHandling(new KnownRoutes()).register(management);

        ReadinessCheck readiness = new ReadinessCheck(lifecycle, queue, q.highWaterMark(), q.unreadyAboveHighWater(),
                b.eventLogReachable);
        metrics.bindGauges(new EventQueueMetrics.RuntimeGauges(queue::depth, queue::capacity, queue::bytes,
                queue::maxBytes, workers::busy, workers::size, readiness::ready));
        metrics.bindStoreGauges(b.storeGauges);
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
                .addProtocol(Http1Config.builder().maxHeadersSize((int) s.maxHeaderBytes()).build())
                .directHandlers(TransportProblems.handlers(routes))
                .routing(api)
                .putSocket(MANAGEMENT_SOCKET, socket -> socket
                        .host(s.managementAddr().host())
                        .port(s.managementAddr().port())
                        .directHandlers(TransportProblems.handlers(new KnownRoutes()))
                        .routing(management))
                .addFeature(observe.addObservers(b.observers).build())
                .addFeature(OpenApiFeature.builder()
                        .webContext(OPENAPI)
                        .staticFile("META-INF/openapi.yaml")
                        .servicesDiscoverServices(false)
                        .build());
        b.features.forEach(web::addFeature);
        if (s.listenAddr().tls()) {
            web.tls(ServerTls.from(s));
        }
        server = web.build();
        tlsReloader = s.listenAddr().tls() && !s.tlsReloadInterval().isZero()
                ? Optional.of(new TlsReloader(ServerTls.files(s), server::reloadTls))
                : Optional.empty();
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

    public static Builder builder(RuntimeConfig config) {
        return new Builder(config);
    }

    /** Everything a replacement {@link EventConsumer} may need. */
    public record ConsumerContext(RuntimeConfig config, ProcessorRegistry processors, List<Sink> sinks,
                                  PipelineListener listener, Clock clock) {
    }

    /** Builds the consumer the workers call; the default is {@link DirectDelivery}. */
    @FunctionalInterface
    public interface ConsumerFactory {
        EventConsumer create(ConsumerContext context) throws IOException;
    }

    /** Work done after the workers start and before readiness turns true (e.g. journal replay). */
    @FunctionalInterface
    public interface StartTask {
        void run() throws Exception;
    }

    /** What an extra API service gets: the routing to register on, the 405 table, and bearer authentication. */
    public record ApiExtension(HttpRouting.Builder routing, KnownRoutes routes, BearerAuthenticator auth) {
    }

    public static final class Builder {
        private final RuntimeConfig config;
        private Clock clock = Clock.systemUTC();
        private final List<Sink> sinks = new ArrayList<>();
        private final List<PipelineListener> listeners = new ArrayList<>();
        private final List<TokenVerifier> tokenVerifiers = new ArrayList<>();
        private final List<Consumer<ApiExtension>> apiRoutes = new ArrayList<>();
        private Tracing tracing;
        private final List<Observer> observers = new ArrayList<>();
        private final List<ServerFeature> features = new ArrayList<>();
        private EventRequestGuard guard = EventRequestGuard.ALLOW_ALL;
        private Function<BoundedEventQueue, EventAdmission> admissionFactory = queue -> queue;
        private ConsumerFactory consumerFactory =
                c -> new DirectDelivery(c.processors(), c.sinks(), c.listener(), c.clock());
        private final List<StartTask> startTasks = new ArrayList<>();
        private final List<Runnable> stopTasks = new ArrayList<>();
        private final Map<String, Supplier<Map<String, Object>>> statsSections = new LinkedHashMap<>();
        private EventQueueMetrics.StoreGauges storeGauges = EventQueueMetrics.StoreGauges.NONE;
        /** The in-memory queue is its own log, always reachable; a durable log replaces this. */
        private BooleanSupplier eventLogReachable = () -> true;

        private Builder(RuntimeConfig config) {
            this.config = config;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** A sink in addition to those the configuration turns on. */
        public Builder addSink(Sink sink) {
            sinks.add(sink);
            return this;
        }

        public Builder addListener(PipelineListener listener) {
            listeners.add(listener);
            return this;
        }

        /** Tried after the runtime's own HS256 verifier, e.g. an external identity provider's JWKS. */
        public Builder addTokenVerifier(TokenVerifier verifier) {
            tokenVerifiers.add(verifier);
            return this;
        }

        /** Registers more API routes (before the error handlers); declare them in {@link KnownRoutes} too. */
        public Builder addApiRoutes(Consumer<ApiExtension> routes) {
            apiRoutes.add(routes);
            return this;
        }

        /** Tracing to use instead of the one {@code tracing.*} configures (tests export to memory). */
        public Builder tracing(Tracing tracing) {
            this.tracing = tracing;
            return this;
        }

        /** Replaces the default one-attempt {@link DirectDelivery} (retries, dead letters, journal acks). */
        public Builder consumerFactory(ConsumerFactory factory) {
            this.consumerFactory = factory;
            return this;
        }

        /**
         * What the API offers events to; the default is the in-memory queue itself. A journal wraps it here (append
         * before 202, replay into the queue at start).
         */
        public Builder admission(Function<BoundedEventQueue, EventAdmission> factory) {
            this.admissionFactory = factory;
            return this;
        }

        /** Runs after the workers start and before readiness is true; a failure fails start-up. */
        public Builder onStart(StartTask task) {
            startTasks.add(task);
            return this;
        }

        /** Runs at the end of shutdown, after the workers stopped and the consumer closed. */
        public Builder onStop(Runnable task) {
            stopTasks.add(task);
            return this;
        }

        /** What the dead-letter and journal gauges read (zero by default, when there is no store). */
        public Builder storeGauges(EventQueueMetrics.StoreGauges gauges) {
            this.storeGauges = gauges;
            return this;
        }

        /** Whether the event log can take appends now; readiness is false while it cannot. */
        public Builder eventLogReachable(BooleanSupplier reachable) {
            this.eventLogReachable = reachable;
            return this;
        }

        /** An extra object in {@code GET /v1/stats} ({@code result.<name>}), read on every request. */
        public Builder addStatsSection(String name, Supplier<Map<String, Object>> section) {
            statsSections.put(name, section);
            return this;
        }

        /** Checked on every event request after authentication (rate limits). */
        public Builder eventRequestGuard(EventRequestGuard guard) {
            this.guard = guard;
            return this;
        }

        /** A Helidon observer for the management socket (e.g. tracing), beside health and metrics. */
        public Builder addObserver(Observer observer) {
            observers.add(observer);
            return this;
        }

        /** A Helidon server feature (e.g. OpenAPI); feature discovery is off, so features are added here. */
        public Builder addFeature(ServerFeature feature) {
            features.add(feature);
            return this;
        }

        public EventQueueRuntime build() throws IOException {
            return new EventQueueRuntime(this);
        }
    }

    /** @throws IllegalStateException when a socket cannot listen (address in use, no permission) */
    public EventQueueRuntime start() {
        server.start();
        // Helidon logs a bind failure and stops instead of throwing; a runtime without its sockets must not go on.
        if (!server.isRunning() || server.port() < 0 || server.port(MANAGEMENT_SOCKET) < 0) {
            server.stop();
            throw new IllegalStateException("cannot listen on server.listen-addr " + config.server().listenAddr()
                    + " and server.management-addr " + config.server().managementAddr()
                    + " (address in use or not permitted; see the error above)");
        }
        tlsReloader.ifPresent(r -> r.start(config.server().tlsReloadInterval()));
        workers.start();
        for (StartTask task : startTasks) {
            try {
                task.run();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("start-up task failed: " + e.getMessage(), e);
            }
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
        admission.close();
        queue.close();
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
        for (Runnable task : stopTasks) {
            task.run();
        }
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
