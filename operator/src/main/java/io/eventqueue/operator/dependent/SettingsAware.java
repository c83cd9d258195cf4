package io.eventqueue.operator.dependent;

import io.eventqueue.operator.settings.OperatorSettings;
import io.eventqueue.operator.events.KubernetesEvents;

/** A dependent that needs the operator's settings and event recorder, handed over when it is created. */
public interface SettingsAware {
    void use(OperatorSettings settings, KubernetesEvents events);
}
