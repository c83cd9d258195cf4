package io.eventqueue.operator.dependent;

import io.eventqueue.operator.settings.OperatorSettings;
import io.eventqueue.operator.events.KubernetesEvents;
import io.javaoperatorsdk.operator.api.config.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.config.dependent.DependentResourceSpec;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResourceFactory;

/** java-operator-sdk's default dependent factory, plus handing the operator settings and event recorder to the dependents. */
@SuppressWarnings("rawtypes")
public final class SettingsAwareDependentFactory
        implements DependentResourceFactory<ControllerConfiguration<?>, DependentResourceSpec> {
    private final OperatorSettings settings;
    private final KubernetesEvents events;

    public SettingsAwareDependentFactory(OperatorSettings settings, KubernetesEvents events) {
        this.settings = settings;
        this.events = events;
    }

    @Override
    public DependentResource createFrom(DependentResourceSpec spec, ControllerConfiguration<?> configuration) {
        DependentResource dependent = DependentResourceFactory.super.createFrom(spec, configuration);
        if (dependent instanceof SettingsAware aware) {
            aware.use(settings, events);
        }
        return dependent;
    }
}
