package io.eventqueue.runtime.delivery;

import io.eventqueue.runtime.config.RuntimeConfig;
import io.eventqueue.runtime.config.SubscriptionSettings;
import io.eventqueue.runtime.observe.EventSpans;
import io.eventqueue.runtime.sink.FileSink;
import io.eventqueue.runtime.sink.LogSink;
import io.eventqueue.runtime.sink.Sink;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The subscriptions the configuration describes: the static {@code sinks.*} one, then {@code subscriptions[]}. */
public final class Subscriptions {
    private Subscriptions() {
    }

    /**
     * The static {@code sinks.*} as one implicit subscription receiving every event, with the {@code delivery.*}
     * policy, then each entry of {@code subscriptions[]} with its filters compiled; with tracing on, each sink write
     * is a span.
     */
    public static List<Subscription> fromConfig(RuntimeConfig config, EventSpans spans) throws IOException {
        Set<Integer> ownPorts = new HashSet<>(Set.of(config.server().listenAddr().port()));
        ownPorts.add(config.server().managementAddr().port());
        AddressGuard guard = new AddressGuard(config.delivery().allowedNetworks(), ownPorts);
        List<Subscription> out = new ArrayList<>();
        RuntimeConfig.Sinks s = config.sinks();
        List<Sink> sinks = new ArrayList<>();
        if (s.log().enabled()) {
            sinks.add(new LogSink(new FileOutputStream(FileDescriptor.out)));
        }
        if (s.file().enabled()) {
            sinks.add(new FileSink(s.file().path(), s.file().maxBytes(), s.file().maxFiles()));
        }
        if (s.webhook().enabled()) {
            sinks.add(WebhookSink.fromConfig(s.webhook(), guard));
        }
        RuntimeConfig.Delivery d = config.delivery();
        // With named subscriptions and no static sink, the implicit one would only ack; it is left out.
        if (!sinks.isEmpty() || d.subscriptions().isEmpty()) {
            out.add(new Subscription(Subscription.IMPLICIT, Subscription.everyEvent(), traced(sinks, spans),
                    new RetryPolicy(d.maxAttempts(), d.backoffBase(), d.backoffMax())));
        }
        for (int i = 0; i < d.subscriptions().size(); i++) {
            out.add(named(d.subscriptions().get(i), "subscriptions[" + i + "]", guard, spans));
        }
        return List.copyOf(out);
    }

    private static Subscription named(SubscriptionSettings settings, String at, AddressGuard guard, EventSpans spans)
            throws IOException {
        Sink sink = switch (settings.sink()) {
            case SubscriptionSettings.Webhook w -> WebhookSink.forSubscription(w,
                    settings.origin() == SubscriptionSettings.Origin.TENANT, guard, at + ".sink.webhook");
            case SubscriptionSettings.File f -> new FileSink(f.path(), f.maxBytes(), f.maxFiles());
            case SubscriptionSettings.Log l -> new LogSink(new FileOutputStream(FileDescriptor.out));
        };
        SubscriptionSettings.Policy p = settings.delivery();
        return new Subscription(settings.name(), new SubscriptionFilter(settings.name(),
                EventFilters.compile(settings.filters())), traced(new ArrayList<>(List.of(sink)), spans),
                new RetryPolicy(p.maxAttempts(), p.backoffBase(), p.backoffMax()),
                EventTransform.compile(settings.transform(), at + ".transform"));
    }

    private static List<Sink> traced(List<Sink> sinks, EventSpans spans) {
        if (spans.enabled()) {
            sinks.replaceAll(sink -> new TracedSink(sink, spans));
        }
        return sinks;
    }
}
