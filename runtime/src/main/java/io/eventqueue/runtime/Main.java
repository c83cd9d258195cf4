package io.eventqueue.runtime;

import io.eventqueue.runtime.config.ConfigException;
import io.eventqueue.runtime.config.ConfigLoader;
import io.eventqueue.runtime.config.ListenAddress;
import io.eventqueue.runtime.config.RuntimeConfig;
import io.eventqueue.runtime.observe.RuntimeLogManager;
import io.eventqueue.runtime.observe.StructuredLog;
import io.eventqueue.runtime.observe.Tracing;
import io.eventqueue.runtime.observe.TracingSettings;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * Entry point and composition root: config (exit 2 on a bad value), logging, tracing, the runtime with the pipeline
 * of its durability mode, and the SIGTERM drain hook.
 */
public final class Main {
    /**
     * What shutdown may take beyond {@code shutdown.drain-timeout} (stopping workers, closing sinks, journal and
     * sockets). The operator's terminationGracePeriodSeconds is preStop + drain timeout + 5 s, so this stays below 5 s.
     */
    public static final Duration SHUTDOWN_MARGIN = Duration.ofSeconds(4);

    private Main() {
    }

    public static void main(String[] args) {
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty("java.util.logging.manager", RuntimeLogManager.class.getName());
        }
        RuntimeConfig config;
        try {
            config = ConfigLoader.load(List.of(args), System.getenv());
        } catch (ConfigLoader.HelpRequested e) {
            System.out.print(ConfigLoader.usage());
            return;
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        StructuredLog.configure(config.log(), System.out);
        Logger log = Logger.getLogger(Main.class.getName());

        EventQueueRuntime runtime;
        try {
            runtime = EventQueueRuntime.create(config, Tracing.create(TracingSettings.from(config.tracing()))).start();
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        } catch (IllegalStateException e) {
            log.log(Level.SEVERE, "start-up failed: " + e.getMessage());
            System.exit(1);
            return;
        } catch (Exception e) {
            log.log(Level.SEVERE, "start-up failed: " + e.getMessage(), e);
            System.exit(1);
            return;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            exitAfterDeadline(config.shutdown().drainTimeout().plus(SHUTDOWN_MARGIN), stopped, log);
            runtime.shutdown();
            if (LogManager.getLogManager() instanceof RuntimeLogManager m) {
                m.finish();
            }
            stopped.countDown();
        }, "eventqueue-shutdown"));
        exitZeroOnSigterm(log);
        announce(runtime, log);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * SIGTERM is the orchestrator's "drain and stop": a drain that completes is a clean exit, so it becomes
     * {@code System.exit(0)} — every shutdown hook (ours, the log handlers', JFR's) still runs to the end, and the
     * status is 0 instead of the JVM's 143. SIGINT keeps the default. Without signal handling (e.g. {@code -Xrs})
     * the hook still drains and the status stays 143.
     */
    private static void exitZeroOnSigterm(Logger log) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("TERM"), signal -> System.exit(0));
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            log.fine("SIGTERM keeps the JVM's default handling: " + e.getMessage());
        }
    }

    /**
     * The bound on shutdown whatever the sinks do: a step that still blocks at {@code deadline} (a sink that ignores
     * being closed, a stuck disk) must not make Kubernetes SIGKILL the pod mid-write, so the process halts itself.
     * Events not yet acked stay in the journal and are delivered after the restart.
     */
    private static void exitAfterDeadline(Duration deadline, CountDownLatch stopped, Logger log) {
        Thread.ofPlatform().daemon(true).name("eventqueue-shutdown-deadline").start(() -> {
            try {
                if (stopped.await(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }
            log.log(Level.SEVERE, "shutdown did not finish within shutdown.drain-timeout + " + SHUTDOWN_MARGIN.toSeconds()
                    + "s; exiting now (undelivered events stay in the journal)");
            if (LogManager.getLogManager() instanceof RuntimeLogManager m) {
                m.finish();
            }
            Runtime.getRuntime().halt(1);
        });
    }

    private static void announce(EventQueueRuntime runtime, Logger log) {
        RuntimeConfig config = runtime.config();
        ListenAddress api = config.server().listenAddr();
        ListenAddress mgmt = config.server().managementAddr();
        String apiUrl = url(api, runtime.port());
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("api", apiUrl);
        fields.put("management", url(mgmt, runtime.managementPort()));
        fields.put("queue_capacity", config.queue().capacity());
        fields.put("workers", config.queue().workers());
        StructuredLog.log(log, Level.INFO, "EventQueue runtime started", fields);
        runtime.generatedPassword().ifPresent(password -> {
            String user = config.auth().adminUser();
            // Printed exactly once, on purpose: there is no built-in password and nobody else knows this one.
            StructuredLog.log(log, Level.WARNING, "no admin password configured (auth.admin-password / ADMINPASS): "
                    + "generated one for this process only", Map.of("admin_user", user, "admin_password", password.asString()));
            StructuredLog.log(log, Level.INFO, "get a token: curl -s -X POST -u '" + user + ":" + password.asString()
                    + "' " + apiUrl + "/v1/tokens | jq -r .result.token", Map.of());
        });
        if (runtime.generatedJwtKey()) {
            log.info("no JWT key configured (auth.jwt-key / JWTKEY): generated one; tokens end with this process");
        }
    }

    private static String url(ListenAddress address, int actualPort) {
        String host = address.host().equals("0.0.0.0") || address.host().equals("::") ? "localhost" : address.host();
        return new ListenAddress(address.tls(), host, actualPort).toString();
    }
}
