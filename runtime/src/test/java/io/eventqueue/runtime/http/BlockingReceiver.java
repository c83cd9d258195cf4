package io.eventqueue.runtime.http;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A webhook receiver on loopback that holds every request until {@link #release()}: a slow downstream for the
 * runtime's real webhook sink. Records the CloudEvents id of each event it answered 200.
 */
final class BlockingReceiver implements AutoCloseable {
    private final CountDownLatch gate = new CountDownLatch(1);
    private final AtomicInteger waiting = new AtomicInteger();
    private final HttpServer server;
    final List<String> received = new CopyOnWriteArrayList<>();

    BlockingReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/hook", exchange -> {
            waiting.incrementAndGet();
            try {
                exchange.getRequestBody().readAllBytes();
                if (!gate.await(60, TimeUnit.SECONDS)) {
                    exchange.sendResponseHeaders(503, -1);
                    return;
                }
                received.add(exchange.getRequestHeaders().getFirst("ce-id"));
                exchange.sendResponseHeaders(200, -1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                waiting.decrementAndGet();
                exchange.close();
            }
        });
        server.start();
    }

    /** The arguments that send every event to this receiver, with a timeout longer than any hold. */
    String[] sinkArgs() {
        return new String[] {"--sinks.webhook.enabled=true",
                "--sinks.webhook.url=http://127.0.0.1:" + server.getAddress().getPort() + "/hook",
                "--sinks.webhook.timeout=60s"};
    }

    int waiting() {
        return waiting.get();
    }

    void release() {
        gate.countDown();
    }

    @Override
    public void close() {
        release();
        server.stop(0);
    }
}
