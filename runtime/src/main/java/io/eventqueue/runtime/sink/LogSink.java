package io.eventqueue.runtime.sink;

import io.eventqueue.runtime.process.ProcessedEvent;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * One JSON line per processed event on stdout. Lines are buffered and written whole, so they never interleave with the
 * runtime's own log lines mid-line.
 */
public final class LogSink implements Sink {
    private final BufferedOutputStream out;

    public LogSink(OutputStream stdout) {
        this.out = new BufferedOutputStream(stdout, 64 * 1024);
    }

    @Override
    public String name() {
        return "log";
    }

    @Override
    public synchronized void write(ProcessedEvent event) throws IOException {
        out.write(event.jsonLine());
    }

    @Override
    public synchronized void flush() throws IOException {
        out.flush();
    }

    /** Flushes only: stdout stays open for the log lines that follow the drain. */
    @Override
    public void close() throws IOException {
        flush();
    }
}
