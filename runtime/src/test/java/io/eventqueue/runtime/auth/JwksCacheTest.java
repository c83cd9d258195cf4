package io.eventqueue.runtime.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JwksCacheTest {
    private static final String KEY_1 = TestTokens.rsaJwk("k1", (RSAPublicKey) TestTokens.rsa().getPublic());
    private static final String KEY_2 = TestTokens.rsaJwk("k2", (RSAPublicKey) TestTokens.rsa().getPublic());

    private final AtomicLong nanos = new AtomicLong();
    private final AtomicInteger fetches = new AtomicInteger();
    private final AtomicReference<String> document = new AtomicReference<>(TestTokens.jwks(KEY_1));
    private final AtomicInteger status = new AtomicInteger(200);
    private final CountDownLatch release = new CountDownLatch(1);
    private HttpServer server;

    private URI serve(boolean hang) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/jwks", exchange -> {
            fetches.incrementAndGet();
            if (hang) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] body = document.get().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status.get(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks");
    }

    @AfterEach
    void stop() {
        release.countDown();
        if (server != null) {
            server.stop(0);
        }
    }

    private JwksCache cache(JwksLoader loader) {
        return new JwksCache(loader, Duration.ofMinutes(5), Duration.ofSeconds(10), nanos::get);
    }

    @Test
    void fetchesOnceAndServesFromCacheUntilTheRefreshInterval() throws IOException {
        JwksCache cache = cache(JwksLoader.fromUrl(serve(false), Duration.ofSeconds(5)));
        for (int i = 0; i < 50; i++) {
            assertThat(cache.keys().forKeyId("k1")).isPresent();
        }
        assertThat(fetches.get()).isEqualTo(1);

        document.set(TestTokens.jwks(KEY_2));
        nanos.addAndGet(Duration.ofMinutes(5).toNanos());
        assertThat(cache.keys().forKeyId("k2")).isPresent();
        assertThat(fetches.get()).isEqualTo(2);
    }

    @Test
    void anUnknownKeyIdRefetchesAtMostOncePerInterval() throws IOException {
        JwksCache cache = cache(JwksLoader.fromUrl(serve(false), Duration.ofSeconds(5)));
        cache.keys();
        document.set(TestTokens.jwks(KEY_1, KEY_2));
        nanos.addAndGet(Duration.ofSeconds(10).toNanos());
        assertThat(cache.refetchForUnknownKey().forKeyId("k2")).isPresent();
        for (int i = 0; i < 100; i++) {
            cache.refetchForUnknownKey();
        }
        assertThat(fetches.get()).isEqualTo(2);
    }

    @Test
    void aFailedRefreshKeepsThePreviousKeys() throws IOException {
        JwksCache cache = cache(JwksLoader.fromUrl(serve(false), Duration.ofSeconds(5)));
        cache.keys();
        status.set(500);
        nanos.addAndGet(Duration.ofMinutes(6).toNanos());
        assertThat(cache.keys().forKeyId("k1")).isPresent();
        assertThat(fetches.get()).isEqualTo(2);
    }

    @Test
    void aHangingIssuerTimesOutAndYieldsNoKeys() throws IOException {
        JwksCache cache = cache(JwksLoader.fromUrl(serve(true), Duration.ofMillis(300)));
        assertThat(cache.keys()).isNull();
    }

    @Test
    void readsKeysFromAFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("jwks.json");
        Files.writeString(file, TestTokens.jwks(KEY_1, KEY_2));
        assertThat(cache(JwksLoader.fromFile(file)).keys().keys()).hasSize(2);
    }

    @Test
    void refusesAnOversizedDocument(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("jwks.json");
        Files.writeString(file, " ".repeat(JwksLoader.MAX_BYTES + 1) + TestTokens.jwks(KEY_1));
        assertThat(cache(JwksLoader.fromFile(file)).keys()).isNull();
    }
}
