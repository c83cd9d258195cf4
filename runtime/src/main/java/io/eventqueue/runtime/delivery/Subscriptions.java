package io.eventqueue.runtime.delivery;

import io.eventqueue.runtime.config.RuntimeConfig;
import io.eventqueue.runtime.observe.EventSpans;
import io.eventqueue.runtime.sink.FileSink;
import io.eventqueue.runtime.sink.LogSink;
import io.eventqueue.runtime.sink.Sink;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The subscriptions the configuration describes. */
public final class Subscriptions {
    private Subscriptions() {
    }

    /**
     * The static {@code sinks.*} as one implicit subscription receiving every event, with the {@code delivery.*}
     * policy; with tracing on, each sink write is a span.
     */
    public static List<Subscription> fromConfig(RuntimeConfig config, EventSpans spans) throws IOException {
        RuntimeConfig.Sinks s = config.sinks();
        List<Sink> sinks = new ArrayList<>();
        if (s.log().enabled()) {
            sinks.add(new LogSink(new FileOutputStream(FileDescriptor.out)));
        }
        if (s.file().enabled()) {
            sinks.add(new FileSink(s.file().path(), s.file().maxBytes(), s.file().maxFiles()));
        }
        if (s.webhook().enabled()) {
            sinks.add(WebhookSink.fromConfig(s.webhook()));
        }
        if (spans.enabled()) {
            sinks.replaceAll(sink -> new TracedSink(sink, spans));
        }
        RuntimeConfig.Delivery d = config.delivery();
        RetryPolicy policy = new RetryPolicy(d.maxAttempts(), d.backoffBase(), d.backoffMax());
        return List.of(new Subscription(Subscription.IMPLICIT, Subscription.everyEvent(), sinks, policy));
    }
}
