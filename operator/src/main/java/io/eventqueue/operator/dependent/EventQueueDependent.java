package io.eventqueue.operator.dependent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.eventqueue.operator.settings.OperatorSettings;
import io.eventqueue.operator.api.v1alpha1.EventQueue;
import io.eventqueue.operator.api.v1alpha1.EventTypeSpec;
import io.eventqueue.operator.events.KubernetesEvents;
import io.eventqueue.operator.render.Instance;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Base of every dependent: renders the desired object with the pure renderers and stamps it with a hash of itself.
 *
 * <p>Dependents are written with server-side apply. java-operator-sdk's apply matcher compares the desired object with
 * the fields the operator's field manager owns in the actual one, and has known gaps around lists and defaulted
 * fields (java-operator-sdk #2249). The desired-state hash annotation, a field the operator owns, turns every change
 * of the desired state into a difference the matcher cannot miss, while fields other actors own or the API server
 * defaults never cause a write.
 */
public abstract class EventQueueDependent<R extends HasMetadata> extends CRUDKubernetesDependentResource<R, EventQueue>
        implements SettingsAware {
    public static final String DESIRED_HASH = "eventqueue.io/desired-hash";
    private static final String INSTANCE = EventQueueDependent.class.getName() + ".instance";
    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .build();

    private volatile OperatorSettings settings;
    private volatile KubernetesEvents events;

    protected EventQueueDependent(Class<R> type) {
        super(type);
    }

    @Override
    public void use(OperatorSettings settings, KubernetesEvents events) {
        this.settings = settings;
        this.events = events;
    }

    protected Instance instance(EventQueue primary) {
        return Instance.of(primary, settings.runtimeImage());
    }

    /**
     * The instance with the schemas its event types take from ConfigMaps. Those ConfigMaps are the user's, not in the
     * operator's cache, so they are read directly (as a user-managed Secret is); one that is missing is left out, and
     * rendering the config then names it.
     */
    protected Instance instance(EventQueue primary, Context<EventQueue> context) {
        // Every dependent of one reconcile renders from the same instance: the user's objects are read once per
        // reconcile, so the ConfigMap and the Deployment's config hash never see two versions of them.
        var shared = context.managedWorkflowAndDependentResourceContext();
        Optional<Instance> cached = shared.get(INSTANCE, Instance.class);
        if (cached.isPresent()) {
            return cached.get();
        }
        Instance instance = lookUp(primary, context);
        shared.put(INSTANCE, instance);
        return instance;
    }

    private Instance lookUp(EventQueue primary, Context<EventQueue> context) {
        Map<String, String> sources = new HashMap<>();
        List<EventTypeSpec> types = primary.getSpec() == null || primary.getSpec().eventTypes() == null
                ? List.of() : primary.getSpec().eventTypes();
        for (EventTypeSpec t : types) {
            if (t.schemaFrom() == null) {
                continue;
            }
            ConfigMap map = context.getClient().configMaps().inNamespace(primary.getMetadata().getNamespace())
                    .withName(t.schemaFrom().name()).get();
            if (map != null && map.getData() != null && map.getData().get(t.schemaFrom().key()) != null) {
                sources.put(Instance.sourceKey(t.schemaFrom().name(), t.schemaFrom().key()),
                        map.getData().get(t.schemaFrom().key()));
            }
        }
        return Instance.of(primary, settings.runtimeImage(), sources,
                SubscriptionLookup.folded(primary, context.getClient(), settings.namespaces()));
    }

    protected abstract R render(Instance instance, EventQueue primary, Context<EventQueue> context);

    /** Name of the object for an EventQueue called {@code name}. */
    protected abstract String name(String name);

    @Override
    protected final R desired(EventQueue primary, Context<EventQueue> context) {
        R desired = render(instance(primary, context), primary, context);
        desired.getMetadata().getAnnotations().put(DESIRED_HASH, hash(desired));
        return desired;
    }

    @Override
    protected R handleCreate(R desired, EventQueue primary, Context<EventQueue> context) {
        R created = super.handleCreate(desired, primary, context);
        events.normal(primary, "Created", "created " + desired.getKind() + " " + desired.getMetadata().getName());
        return created;
    }

    @Override
    protected R handleUpdate(R actual, R desired, EventQueue primary, Context<EventQueue> context) {
        R updated = super.handleUpdate(actual, desired, primary, context);
        events.normal(primary, "Updated", "updated " + desired.getKind() + " " + desired.getMetadata().getName());
        return updated;
    }

    @Override
    protected void addReferenceHandlingMetadata(R desired, EventQueue primary) {
        super.addReferenceHandlingMetadata(desired, primary);
        ControllerReference.mark(desired, primary);
    }

    /** The target is known by name: no need to render it just to find it. */
    @Override
    protected ResourceID targetSecondaryResourceID(EventQueue primary, Context<EventQueue> context) {
        return new ResourceID(name(primary.getMetadata().getName()), primary.getMetadata().getNamespace());
    }

    static String hash(HasMetadata desired) {
        try {
            byte[] canonical = CANONICAL.writeValueAsString(desired).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical), 0, 8);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
