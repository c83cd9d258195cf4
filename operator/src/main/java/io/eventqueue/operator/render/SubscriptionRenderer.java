package io.eventqueue.operator.render;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventqueue.operator.api.v1alpha1.DeliverySpec;
import io.eventqueue.operator.api.v1alpha1.EventSubscription;
import io.eventqueue.operator.api.v1alpha1.EventSubscriptionSpec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The EventSubscriptions folded into an EventQueue → the runtime's {@code subscriptions} (docs/configuration.md),
 * each marked {@code origin: tenant}: written through the Kubernetes API, so the runtime refuses loopback and its own
 * ports for them. Sorted by namespace and name, so the config (and its hash) changes only when a subscription does.
 */
public final class SubscriptionRenderer {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A subscription that passed {@link SubscriptionVerdict}, with the verdict's URL and pod port. */
    public record FoldedSubscription(EventSubscription resource, SubscriptionVerdict.Folded verdict) {
        public String uri() {
            return verdict.uri();
        }
    }

    private SubscriptionRenderer() {
    }

    static List<Map<String, Object>> render(List<FoldedSubscription> folded, DeliverySpec queueDelivery) {
        List<FoldedSubscription> sorted = new ArrayList<>(folded);
        sorted.sort(Comparator.comparing((FoldedSubscription f) -> f.resource().getMetadata().getNamespace())
                .thenComparing(f -> f.resource().getMetadata().getName()));
        List<Map<String, Object>> out = new ArrayList<>();
        for (FoldedSubscription f : sorted) {
            EventSubscriptionSpec spec = f.resource().getSpec();
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", runtimeName(f.resource().getMetadata().getNamespace(), f.resource().getMetadata().getName()));
            if (spec.filter() != null && !spec.filter().isNull()) {
                entry.put("filters", List.of(JSON.convertValue(spec.filter(), Object.class)));
            }
            Map<String, Object> webhook = new LinkedHashMap<>();
            webhook.put("url", f.uri());
            webhook.put("mode", spec.subscriber().mode() == null ? "binary" : spec.subscriber().mode());
            entry.put("sink", Map.of("webhook", webhook));
            EventSubscriptionSpec.SubscriptionDeliverySpec d = spec.delivery();
            Map<String, Object> delivery = new LinkedHashMap<>();
            delivery.put("max-attempts", d == null || d.maxAttempts() == null ? queueDelivery.maxAttempts() : d.maxAttempts());
            delivery.put("backoff-base", d == null || d.backoffBase() == null ? queueDelivery.backoffBase() : d.backoffBase());
            delivery.put("backoff-max", d == null || d.backoffMax() == null ? queueDelivery.backoffMax() : d.backoffMax());
            entry.put("delivery", delivery);
            if (spec.transform() != null && !spec.transform().isNull()) {
                entry.put("transform", JSON.convertValue(spec.transform(), Object.class));
            }
            entry.put("origin", "tenant");
            out.add(entry);
        }
        return out;
    }

    /**
     * {@code namespace-name}, a runtime subscription name (at most 63 lower-case letters, digits and '-'); a longer one
     * keeps its start and ends in a hash of the whole, so two subscriptions never share a name.
     */
    public static String runtimeName(String namespace, String name) {
        String full = (namespace + "-" + name).replace('.', '-');
        if (full.length() <= 63) {
            return full;
        }
        try {
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(full.getBytes(StandardCharsets.UTF_8)), 0, 4);
            return full.substring(0, 54).replaceAll("-+$", "") + "-" + hash;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
