package io.eventqueue.operator;

import io.eventqueue.operator.dependent.SettingsAwareDependentFactory;
import io.eventqueue.operator.reconciler.EventQueueReconciler;
import io.eventqueue.operator.reconciler.EventSubscriptionReconciler;
import io.eventqueue.operator.events.KubernetesEvents;
import io.eventqueue.operator.settings.OperatorSettings;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running operator: java-operator-sdk with the EventQueue and EventSubscription controllers, JOSDK metrics in the
 * given registry, optional leader election.
 *
 * <p>Dependents and status are written with server-side apply under one field manager, so what other actors own (the
 * autoscaler's replica count, a person's annotations and labels, fields the API server defaults) is left alone and a
 * field the operator owns that someone changed is taken back. Secrets are the exception: the generated credentials
 * are created once with a plain create and never written again, so the operator needs {@code create} on Secrets and
 * no {@code patch} (an apply would need both, for an object it must never change).
 */
public final class EventQueueOperator implements AutoCloseable {
    /** The one field manager of every write the operator makes (shown in each object's managedFields). */
    public static final String FIELD_MANAGER = "eventqueue-operator";
    private static final Logger LOG = LoggerFactory.getLogger(EventQueueOperator.class);

    private final AtomicBoolean stopping;
    private final Operator operator;

    private EventQueueOperator(Operator operator, AtomicBoolean stopping) {
        this.operator = operator;
        this.stopping = stopping;
    }

    public static EventQueueOperator start(OperatorSettings settings, KubernetesClient client, MeterRegistry registry,
            Clock clock) {
        KubernetesEvents events = new KubernetesEvents(client, clock);
        AtomicBoolean stopping = new AtomicBoolean();
        Operator operator = new Operator(o -> {
            o.withKubernetesClient(client)
                    .withCloseClientOnStop(false)
                    .withSSABasedCreateUpdateMatchForDependentResources(true)
                    .withUseSSAToPatchPrimaryResource(true)
                    .withDefaultNonSSAResource(Set.of(Secret.class))
                    .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry))
                    .withDependentResourceFactory(new SettingsAwareDependentFactory(settings, events));
            if (settings.leaderElection()) {
                o.withLeaderElectionConfiguration(new LeaderElectionConfiguration(settings.leaseName(),
                        settings.leaseNamespace(), LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE,
                        LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
                        LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE, settings.identity(),
                        new LeaderCallbacks(() -> LOG.info("leading: this replica reconciles"),
                                () -> exitUnlessStopping(stopping), leader -> { }),
                        false));
            }
        });
        operator.register(new EventQueueReconciler(settings, events, clock), o -> {
            if (settings.namespaces().isEmpty()) {
                o.watchingAllNamespaces();
            } else {
                o.settingNamespaces(settings.namespaces());
            }
            o.withReconciliationMaxInterval(settings.resyncInterval());
            o.withFieldManager(FIELD_MANAGER);
            // A problem the user fixes outside the EventQueue (a missing Secret) is retried forever, backing off
            // from 1 s to 5 min.
            o.withRetry(new GenericRetry().setInitialInterval(1000).setIntervalMultiplier(2).setMaxInterval(300_000)
                    .withoutMaxAttempts());
        });
        operator.register(new EventSubscriptionReconciler(settings, events, clock), o -> {
            if (settings.namespaces().isEmpty()) {
                o.watchingAllNamespaces();
            } else {
                o.settingNamespaces(settings.namespaces());
            }
            o.withReconciliationMaxInterval(settings.resyncInterval());
            o.withFieldManager(FIELD_MANAGER);
        });
        operator.start();
        return new EventQueueOperator(operator, stopping);
    }

    /**
     * A replica that loses the Lease while running exits at once (Kubernetes restarts it as a follower), so two
     * replicas never reconcile at the same time. Giving the Lease up on shutdown is no reason to exit early.
     */
    private static void exitUnlessStopping(AtomicBoolean stopping) {
        if (!stopping.get()) {
            LOG.error("lost the leader Lease; exiting so that only the new leader reconciles");
            System.exit(1);
        }
    }

    public boolean started() {
        return operator.getRuntimeInfo().isStarted();
    }

    /** Informers connected and watching (false when, say, RBAC was revoked). */
    public boolean healthy() {
        return !started() || operator.getRuntimeInfo().allEventSourcesAreHealthy();
    }

    /** Stops reconciling, waiting for running reconciles to finish. */
    @Override
    public void close() {
        stopping.set(true);
        operator.stop();
    }
}
