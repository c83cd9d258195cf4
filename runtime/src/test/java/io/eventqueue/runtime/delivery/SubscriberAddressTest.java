package io.eventqueue.runtime.delivery;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Where a subscriber URL may point: checked on resolved addresses, for owners and tenants, and at every redirect. */
class SubscriberAddressTest {
    private final List<HttpServer> servers = new ArrayList<>();

    @AfterEach
    void stop() {
        servers.forEach(s -> s.stop(0));
    }

    private static final AddressGuard GUARD = new AddressGuard(List.of(), Set.of(8080, 9090));

    @Test
    void linkLocalAndCloudMetadataAddressesAreRefusedForEveryone() {
        for (String url : List.of("http://169.254.169.254/latest/meta-data", "http://[fd00:ec2::254]/",
                "http://[fe80::1]:8000/", "http://169.254.1.1:9000/hook")) {
            assertThat(GUARD.refusal(URI.create(url), false)).as(url).get().asString()
                    .contains("link-local or cloud-metadata");
        }
    }

    @Test
    void anAllowListedNetworkMayBeReached() {
        AddressGuard allowing = new AddressGuard(List.of("169.254.10.0/24", "fd00:ec2::254"), Set.of());
        assertThat(allowing.refusal(URI.create("http://169.254.10.7/hook"), true)).isEmpty();
        assertThat(allowing.refusal(URI.create("http://[fd00:ec2::254]/"), true)).isEmpty();
        assertThat(allowing.refusal(URI.create("http://169.254.169.254/"), true)).isPresent();
    }

    @Test
    void loopbackIsTheOwnersToUseAndRefusedForATenant() {
        URI local = URI.create("http://localhost:9000/hook");
        assertThat(GUARD.refusal(local, false)).isEmpty();
        assertThat(GUARD.refusal(local, true)).get().asString().contains("loopback");
        assertThat(GUARD.refusal(URI.create("http://[::1]:9000/"), true)).isPresent();
        assertThat(GUARD.refusal(URI.create("http://0.0.0.0:9000/"), true)).isPresent();
    }

    @Test
    void anOrdinaryAddressIsAllowedForATenant() {
        assertThat(GUARD.refusal(URI.create("http://192.0.2.10:8080/hook"), true)).isEmpty();
    }

    @Test
    void aBadAllowedNetworkFailsStartUpNamingTheKey() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new AddressGuard(List.of("10.0.0.0/40"), Set.of()))
                .hasMessageStartingWith("config: delivery.allowed-networks:");
    }

    private static CloudEvent event() {
        return CloudEventBuilder.v1().withId("evt-1").withSource(URI.create("/t")).withType("com.example.t")
                .withDataContentType("text/plain").withData("hi".getBytes(UTF_8)).build();
    }

    /** A receiver answering every request with {@code status} and {@code location}; counts requests. */
    private URI receiver(AtomicInteger requests, int status, String location) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            requests.incrementAndGet();
            if (location != null) {
                exchange.getResponseHeaders().add("Location", location);
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        servers.add(server);
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    private static WebhookClient client(URI url, boolean followRedirects, boolean tenant) {
        return new WebhookClient(new WebhookOptions(url, Duration.ofSeconds(5), WebhookOptions.Mode.BINARY,
                Optional.empty(), 2, followRedirects, tenant), GUARD, Clock.systemUTC());
    }

    @Test
    void aRedirectIsNotFollowedByDefault() throws IOException {
        AtomicInteger target = new AtomicInteger();
        URI to = receiver(target, 204, null);
        URI from = receiver(new AtomicInteger(), 307, to.toString());
        try (WebhookClient client = client(from, false, false)) {
            assertThat(client.send(event(), 1)).isInstanceOfSatisfying(DeliveryOutcome.Permanent.class,
                    p -> assertThat(p.reason()).contains("307", "redirects are not followed"));
        }
        assertThat(target.get()).isZero();
    }

    @Test
    void aFollowedRedirectIsDeliveredWhereItPoints() throws IOException {
        AtomicInteger target = new AtomicInteger();
        URI to = receiver(target, 204, null);
        URI from = receiver(new AtomicInteger(), 308, to.toString());
        try (WebhookClient client = client(from, true, false)) {
            assertThat(client.send(event(), 1)).isEqualTo(DeliveryOutcome.DELIVERED);
        }
        assertThat(target.get()).isEqualTo(1);
    }

    @Test
    void aRedirectToCloudMetadataIsRefusedBeforeItIsFollowed() throws IOException {
        URI from = receiver(new AtomicInteger(), 302, "http://169.254.169.254/latest/meta-data/iam");
        try (WebhookClient client = client(from, true, false)) {
            assertThat(client.send(event(), 1)).isInstanceOfSatisfying(DeliveryOutcome.Permanent.class,
                    p -> assertThat(p.reason()).contains("refused", "169.254.169.254"));
        }
    }

    @Test
    void aTenantsWebhookOnLoopbackIsNeverCalled() throws IOException {
        AtomicInteger requests = new AtomicInteger();
        URI local = receiver(requests, 204, null);
        try (WebhookClient client = client(local, false, true)) {
            assertThat(client.send(event(), 1)).isInstanceOf(DeliveryOutcome.Permanent.class);
        }
        assertThat(requests.get()).isZero();
    }
}
