package io.eventqueue.operator;

import io.eventqueue.operator.dependent.SettingsAwareDependentFactory;
import io.eventqueue.operator.reconciler.EventQueueReconciler;
import io.eventqueue.operator.reconciler.KubernetesEvents;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;

/**
 * The running operator: java-operator-sdk with the EventQueue controller, configured for the one create/update path
 * the tests prove (plain create, update and status patch; no server-side apply), JOSDK metrics in the given registry,
 * optional leader election.
 */
public final class EventQueueOperator implements AutoCloseable {
    private final Operator operator;

    private EventQueueOperator(Operator operator) {
        this.operator = operator;
    }

    public static EventQueueOperator start(OperatorSettings settings, KubernetesClient client, MeterRegistry registry,
            Clock clock) {
        KubernetesEvents events = new KubernetesEvents(client, clock);
        Operator operator = new Operator(o -> {
            o.withKubernetesClient(client)
                    .withCloseClientOnStop(false)
                    .withSSABasedCreateUpdateMatchForDependentResources(false)
                    .withUseSSAToPatchPrimaryResource(false)
                    .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry))
                    .withDependentResourceFactory(new SettingsAwareDependentFactory(settings, events));
            if (settings.leaderElection()) {
                o.withLeaderElectionConfiguration(new LeaderElectionConfiguration(settings.leaseName(),
                        settings.leaseNamespace(), settings.identity()));
            }
        });
        operator.register(new EventQueueReconciler(settings, events, clock), o -> {
            if (settings.namespaces().isEmpty()) {
                o.watchingAllNamespaces();
            } else {
                o.settingNamespaces(settings.namespaces());
            }
            o.withReconciliationMaxInterval(settings.resyncInterval());
            // A problem the user fixes outside the EventQueue (a missing Secret) is retried forever, backing off
            // from 1 s to 5 min.
            o.withRetry(new GenericRetry().setInitialInterval(1000).setIntervalMultiplier(2).setMaxInterval(300_000)
                    .withoutMaxAttempts());
        });
        operator.start();
        return new EventQueueOperator(operator);
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
        operator.stop();
    }
}
