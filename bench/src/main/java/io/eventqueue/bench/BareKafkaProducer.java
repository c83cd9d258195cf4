package io.eventqueue.bench;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The physical limit of the Kafka path on this machine for {@code make bench}: one kafka-clients producer with the
 * runtime's settings (acks=all, idempotence, linger 1 ms) writing records shaped like the runtime's (CloudEvents
 * binary headers, a log event's data) from {@code clients} threads, each sending {@code batch} records and waiting for
 * all their acknowledgements, as a request of that size waits in the runtime. Prints one line
 * {@code BARE_RESULT {"records":…,"seconds":…,"p50_us":…,"p99_us":…,"cpu_s":…}} (latency per batch to its last
 * ack; the CPU time this process spent while sending, to set beside the runtime's CPU per event).
 *
 * <p>Usage: {@code BareKafkaProducer BOOTSTRAP TOPIC SECONDS CLIENTS BATCH} (creates TOPIC with 6 partitions).
 */
public final class BareKafkaProducer {
    private BareKafkaProducer() {
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String topic = args[1];
        long seconds = Long.parseLong(args[2]);
        int clients = Integer.parseInt(args[3]);
        int batch = Integer.parseInt(args[4]);
        Map<String, Object> props = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 1,
                ProducerConfig.BATCH_SIZE_CONFIG, 64 << 10,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 2000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 1999,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 2000,
                ProducerConfig.BUFFER_MEMORY_CONFIG, 32L << 20);
        byte[] value = "{\"level\":\"info\",\"message\":\"bench event\"}".getBytes(StandardCharsets.UTF_8);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 6, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        AtomicLong records = new AtomicLong();
        long[][] latencies = new long[clients][];
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        long start = System.nanoTime();
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            Thread[] threads = new Thread[clients];
            for (int c = 0; c < clients; c++) {
                int client = c;
                threads[c] = Thread.ofPlatform().start(() -> {
                    long[] lat = new long[1 << 16];
                    int n = 0;
                    for (long i = 0; System.nanoTime() < deadline; i++) {
                        long t0 = System.nanoTime();
                        CountDownLatch acked = new CountDownLatch(batch);
                        for (int b = 0; b < batch; b++) {
                            RecordHeaders h = new RecordHeaders();
                            h.add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8));
                            h.add("ce_id", ("bare-" + client + "-" + i + "-" + b).getBytes(StandardCharsets.UTF_8));
                            h.add("ce_type", "log".getBytes(StandardCharsets.UTF_8));
                            h.add("ce_source", ("/clients/bench-" + client).getBytes(StandardCharsets.UTF_8));
                            h.add("ce_time", "2026-12-04T00:00:00Z".getBytes(StandardCharsets.UTF_8));
                            h.add("content-type", "application/json".getBytes(StandardCharsets.UTF_8));
                            producer.send(new ProducerRecord<>(topic, null, "/clients/bench-" + client, value, h),
                                    (m, e) -> acked.countDown());
                        }
                        try {
                            acked.await();
                        } catch (InterruptedException e) {
                            return;
                        }
                        records.addAndGet(batch);
                        if (n < lat.length) {
                            lat[n++] = (System.nanoTime() - t0) / 1000;
                        }
                    }
                    latencies[client] = Arrays.copyOf(lat, n);
                });
            }
            for (Thread t : threads) {
                t.join();
            }
        }
        double secs = (System.nanoTime() - start) / 1e9;
        double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
        long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
        System.out.printf("BARE_RESULT {\"records\":%d,\"seconds\":%.3f,\"p50_us\":%d,\"p99_us\":%d,\"cpu_s\":%.3f}%n",
                records.get(), secs, all.length == 0 ? 0 : all[all.length / 2],
                all.length == 0 ? 0 : all[(int) (all.length * 0.99)], cpu);
    }
}
