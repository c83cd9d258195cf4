package io.eventqueue.runtime.sink;

import io.eventqueue.runtime.delivery.WebhookSink;
import io.eventqueue.runtime.config.RuntimeConfig;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Builds the sinks the configuration turns on. */
public final class Sinks {
    private Sinks() {
    }

    public static List<Sink> fromConfig(RuntimeConfig.Sinks config) throws IOException {
        List<Sink> sinks = new ArrayList<>();
        if (config.log().enabled()) {
            sinks.add(new LogSink(new FileOutputStream(FileDescriptor.out)));
        }
        if (config.file().enabled()) {
            sinks.add(new FileSink(config.file().path(), config.file().maxBytes(), config.file().maxFiles()));
        }
        if (config.webhook().enabled()) {
            sinks.add(WebhookSink.fromConfig(config.webhook()));
        }
        return sinks;
    }
}
