package io.eventqueue.runtime.http;

import io.eventqueue.runtime.testing.TestRuntime;
import io.eventqueue.runtime.testing.Await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventqueue.runtime.observe.Lifecycle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A full queue answers 503 at once; SIGTERM-style shutdown delivers every accepted event before stopping. */
class ShutdownAndBackpressureHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static String log(int i) {
        return "{\"event\":{\"event_type\":\"log\",\"event_id\":\"e-" + i + "\",\"level\":\"info\",\"message\":\"m" + i + "\"}}";
    }

    /** Posts events until the queue refuses one; returns the accepted ids. */
    private static List<String> fillQueue(TestRuntime server, String token, BlockingReceiver sink) throws Exception {
        List<String> accepted = new ArrayList<>();
        HttpResponse<String> first = server.postEvent(token, log(0));
        assertThat(first.statusCode()).isEqualTo(202);
        accepted.add("e-0");
        Await.until(Duration.ofSeconds(10), "the worker blocked in the webhook sink", () -> sink.waiting() == 1);
        for (int i = 1; i < 100; i++) {
            HttpResponse<String> r = server.postEvent(token, log(i));
            if (r.statusCode() == 503) {
                BadInputHttpTest.problem(r, 503, "queue-full");
                assertThat(r.headers().firstValue("Retry-After")).contains("1");
                return accepted;
            }
            assertThat(r.statusCode()).isEqualTo(202);
            accepted.add(JSON.readTree(r.body()).path("result").path("id").asText());
        }
        throw new AssertionError("the queue never filled up");
    }

    @Test
    void fullQueueAnswers503AndShutdownDrainsEveryAcceptedEvent() throws Exception {
        BlockingReceiver sink = new BlockingReceiver();
        TestRuntime server = TestRuntime.start(dir, args(sink, "--queue.capacity=5", "--queue.workers=1",
                "--queue.high-water-mark=1.0"));
        String token = server.token();
        List<String> accepted = fillQueue(server, token, sink);
        assertThat(accepted).hasSize(6);
        assertThat(server.get(server.api("/v1/stats")).body()).contains("\"queue_full\":1");

        CompletableFuture<Void> shutdown = CompletableFuture.runAsync(server.runtime::shutdown);
        Await.until(Duration.ofSeconds(10), "draining", () -> server.runtime.state() == Lifecycle.State.DRAINING);
        HttpResponse<String> ready = server.get(server.management("/health/ready"));
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).contains("\"state\":\"draining\"");
        HttpResponse<String> late = server.postEvent(token, log(1000));
        BadInputHttpTest.problem(late, 503, "shutting-down");
        assertThat(late.headers().firstValue("Retry-After")).isPresent();

        sink.release();
        shutdown.get(20, TimeUnit.SECONDS);
        assertThat(sink.received).containsExactlyElementsOf(accepted);
        assertThat(server.fileSink()).as("the file sink was flushed and closed after the drain")
                .extracting(line -> line.path("id").asText()).containsExactlyElementsOf(accepted);
        sink.close();
        assertThat(server.runtime.stats().processed()).isEqualTo(accepted.size());
        assertThat(server.runtime.state()).isEqualTo(Lifecycle.State.STOPPED);
    }

    @Test
    void drainTimeoutBoundsShutdownAndCountsWhatWasLeft() throws Exception {
        BlockingReceiver sink = new BlockingReceiver();
        TestRuntime server = TestRuntime.start(dir, args(sink, "--queue.capacity=3", "--queue.workers=1",
                "--shutdown.drain-timeout=100ms"));
        List<String> accepted = fillQueue(server, server.token(), sink);
        assertThat(accepted).hasSize(4);
        CompletableFuture.runAsync(server.runtime::shutdown).get(20, TimeUnit.SECONDS);
        assertThat(server.runtime.state()).isEqualTo(Lifecycle.State.STOPPED);
        assertThat(sink.received).isEmpty();
        sink.close();
    }

    private static List<String> args(BlockingReceiver receiver, String... more) {
        List<String> all = new ArrayList<>(List.of(receiver.sinkArgs()));
        all.addAll(List.of(more));
        return all;
    }

    @Test
    void aSaturatedPodStaysReadyAndShedsLoadWith503() throws Exception {
        BlockingReceiver sink = new BlockingReceiver();
        TestRuntime server = TestRuntime.start(dir, args(sink, "--queue.capacity=3", "--queue.workers=1"));
        fillQueue(server, server.token(), sink);

        HttpResponse<String> ready = server.get(server.management("/health/ready"));
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        assertThat(ready.body()).contains("\"state\":\"running\"", "\"event_log\":\"reachable\"");
        sink.release();
        server.runtime.shutdown();
        sink.close();
    }

    @Test
    void loadBasedReadinessIsAnExplicitOptIn() throws Exception {
        BlockingReceiver sink = new BlockingReceiver();
        TestRuntime server = TestRuntime.start(dir, args(sink, "--queue.capacity=4", "--queue.workers=1",
                "--queue.high-water-mark=0.5", "--queue.unready-above-high-water=true"));
        fillQueue(server, server.token(), sink);

        HttpResponse<String> ready = server.get(server.management("/health/ready"));
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).contains("\"queue_high_water\":2");
        sink.release();
        server.runtime.shutdown();
        sink.close();
    }
}
