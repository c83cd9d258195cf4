package io.eventqueue.operator.dependent;

import io.eventqueue.operator.settings.OperatorSettings;
import io.eventqueue.operator.api.v1alpha1.EventQueue;
import io.eventqueue.operator.events.KubernetesEvents;
import io.eventqueue.operator.render.Credentials;
import io.eventqueue.operator.render.Instance;
import io.eventqueue.operator.render.Labels;
import io.eventqueue.operator.render.Names;
import io.eventqueue.operator.render.SecretRenderer;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.api.reconciler.dependent.ReconcileResult;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.security.SecureRandom;

/**
 * The generated admin credentials and JWT signing key. Created once and never updated (it is a {@link Creator} but
 * not an Updater), so pods keep their credentials across reconciles and operator restarts. Nothing is generated when
 * the spec brings its own adminSecretRef.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class SecretDependent extends KubernetesDependentResource<Secret, EventQueue>
        implements Creator<Secret, EventQueue>, GarbageCollected<EventQueue>, SettingsAware {
    private final SecureRandom random = new SecureRandom();
    private volatile OperatorSettings settings;
    private volatile KubernetesEvents events;

    public SecretDependent() {
        super(Secret.class);
    }

    @Override
    public void use(OperatorSettings settings, KubernetesEvents events) {
        this.settings = settings;
        this.events = events;
    }

    /** No write at all when the user manages the credentials. */
    @Override
    public ReconcileResult<Secret> reconcile(EventQueue primary, Context<EventQueue> context) {
        if (userManaged(primary)) {
            return ReconcileResult.noOperation(null);
        }
        return super.reconcile(primary, context);
    }

    @Override
    protected Secret handleCreate(Secret desired, EventQueue primary, Context<EventQueue> context) {
        Secret created = super.handleCreate(desired, primary, context);
        events.normal(primary, "Created", "created " + desired.getKind() + " " + desired.getMetadata().getName());
        return created;
    }

    @Override
    protected Secret desired(EventQueue primary, Context<EventQueue> context) {
        return SecretRenderer.render(Instance.of(primary, settings.runtimeImage()), Credentials.generate(random));
    }

    @Override
    protected void addReferenceHandlingMetadata(Secret desired, EventQueue primary) {
        super.addReferenceHandlingMetadata(desired, primary);
        ControllerReference.mark(desired, primary);
    }

    @Override
    protected ResourceID targetSecondaryResourceID(EventQueue primary, Context<EventQueue> context) {
        return new ResourceID(Names.credentials(primary.getMetadata().getName()),
                primary.getMetadata().getNamespace());
    }

    static boolean userManaged(EventQueue primary) {
        return primary.getSpec() != null && primary.getSpec().auth() != null
                && primary.getSpec().auth().adminSecretRef() != null;
    }
}
