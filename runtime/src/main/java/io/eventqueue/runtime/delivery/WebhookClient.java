package io.eventqueue.runtime.delivery;

import io.cloudevents.CloudEvent;
import io.cloudevents.http.HttpMessageFactory;
import io.cloudevents.jackson.JsonFormat;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpHeaders;
import io.eventqueue.runtime.event.TraceContext;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Delivers one CloudEvent per HTTP POST to a webhook receiver.
 *
 * <p>Binary or structured mode per the CloudEvents HTTP binding; at most {@code concurrency} requests in flight;
 * each bounded by {@code timeout}. With a secret, {@value #SIGNATURE_HEADER} carries
 * {@code sha256=<hex HMAC-SHA256 of the body>} so the receiver can verify origin and integrity.
 * 2xx is delivered; 408, 425, 429, 5xx, timeouts and connection errors are retryable (with the receiver's
 * {@code Retry-After}); any other status is permanent.
 */
public final class WebhookClient implements AutoCloseable {
    public static final String SIGNATURE_HEADER = "X-EventQueue-Signature";
    public static final String ATTEMPT_HEADER = "X-EventQueue-Attempt";
    private static final JsonFormat JSON = new JsonFormat();
    private static final Duration CLOSE_WAIT = Duration.ofMillis(500);

    private static final System.Logger LOG = System.getLogger(WebhookClient.class.getName());
    static final int MAX_REDIRECTS = 5;
    private static final int MAX_REPLY_BYTES = 64 * 1024;

    private final WebhookOptions options;
    private final AddressGuard guard;
    private final HttpClient http;
    private final Semaphore inFlight;
    private final Clock clock;

    public WebhookClient(WebhookOptions options, AddressGuard guard, Clock clock) {
        this.options = options;
        this.guard = guard;
        this.clock = clock;
        this.inFlight = new Semaphore(options.concurrency(), true);
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(options.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
    }

    /**
     * Sends the event once; blocks until the receiver answers, the timeout passes, or a slot frees up. The receiver's
     * addresses are checked first, and again at every redirect followed; a refused address is a permanent failure.
     */
    public DeliveryOutcome send(CloudEvent event, int attempt) {
        try {
            if (!inFlight.tryAcquire(options.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                return DeliveryOutcome.retryable("webhook concurrency limit (" + options.concurrency() + ") busy for "
                        + options.timeout().toMillis() + "ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DeliveryOutcome.retryable("interrupted");
        }
        try {
            URI target = options.url();
            for (int hop = 0; ; hop++) {
                Optional<String> refused = guard.refusal(target, options.tenant());
                if (refused.isPresent()) {
                    return DeliveryOutcome.permanent("subscriber address refused: " + refused.get());
                }
                HttpResponse<InputStream> response = http.send(buildRequest(target, event, attempt),
                        HttpResponse.BodyHandlers.ofInputStream());
                int status = response.statusCode();
                Optional<String> location = response.headers().firstValue("Location");
                try (InputStream body = response.body()) {
                    if (isRedirect(status) && location.isPresent()) {
                        if (!options.followRedirects()) {
                            return DeliveryOutcome.permanent("webhook answered " + status
                                    + " (a redirect; redirects are not followed unless follow-redirects is on)");
                        }
                        if (hop == MAX_REDIRECTS) {
                            return DeliveryOutcome.permanent("webhook redirected more than " + MAX_REDIRECTS + " times");
                        }
                        target = redirectTarget(target, location.get());
                        if (target == null) {
                            return DeliveryOutcome.permanent("webhook redirected to an unusable location");
                        }
                        continue;
                    }
                    if (status >= 200 && status < 300) {
                        logReply(response.headers(), body);
                    }
                }
                return classify(status, response.headers().firstValue("Retry-After"));
            }
        } catch (HttpTimeoutException e) {
            return DeliveryOutcome.retryable("webhook timed out after " + options.timeout().toMillis() + "ms");
        } catch (IOException e) {
            return DeliveryOutcome.retryable("webhook unreachable: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DeliveryOutcome.retryable("interrupted");
        } finally {
            inFlight.release();
        }
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static URI redirectTarget(URI from, String location) {
        try {
            URI next = from.resolve(location);
            String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(java.util.Locale.ROOT);
            return scheme.equals("http") || scheme.equals("https") ? next : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A 2xx answer carrying a CloudEvent is a reply: logged, not put back in the queue. */
    private void logReply(HttpHeaders headers, InputStream body) throws IOException {
        boolean structured = headers.firstValue("Content-Type").orElse("").startsWith("application/cloudevents");
        if (!structured && headers.firstValue("ce-id").isEmpty()) {
            return;
        }
        byte[] bytes = body.readNBytes(MAX_REPLY_BYTES);
        try {
            CloudEvent reply = HttpMessageFactory.createReaderFromMultimap(headers.map(), bytes).toEvent();
            LOG.log(System.Logger.Level.INFO, "webhook " + options.url() + " replied with a CloudEvent (id " + reply.getId()
                    + ", type " + reply.getType() + "); logged, not re-queued");
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.INFO, "webhook " + options.url() + " replied with an unreadable CloudEvent: "
                    + e.getMessage());
        }
    }

    HttpRequest buildRequest(URI target, CloudEvent event, int attempt) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(target).timeout(options.timeout());
        byte[][] body = new byte[1][];
        var writer = HttpMessageFactory.createWriter(builder::header, bytes -> body[0] = bytes);
        if (options.mode() == WebhookOptions.Mode.STRUCTURED) {
            writer.writeStructured(event, JSON);
        } else {
            writer.writeBinary(event);
        }
        byte[] payload = body[0] == null ? new byte[0] : body[0];
        options.secret().ifPresent(secret -> builder.header(SIGNATURE_HEADER, "sha256=" + hmacHex(secret, payload)));
        builder.header(ATTEMPT_HEADER, Integer.toString(attempt));
        // W3C trace context of the delivery span, so the receiver's work joins the event's trace
        TraceContext.current().ifPresent(trace -> {
            builder.header(TraceContext.TRACEPARENT, trace.traceparent());
            if (trace.tracestate() != null) {
                builder.header(TraceContext.TRACESTATE, trace.tracestate());
            }
        });
        return builder.POST(HttpRequest.BodyPublishers.ofByteArray(payload)).build();
    }

    DeliveryOutcome classify(int status, Optional<String> retryAfterHeader) {
        if (status >= 200 && status < 300) {
            return DeliveryOutcome.DELIVERED;
        }
        String reason = "webhook answered " + status;
        if (status == 408 || status == 425 || status == 429 || status >= 500) {
            return DeliveryOutcome.retryable(reason, retryAfterHeader.flatMap(v -> parseRetryAfter(v, clock)));
        }
        return DeliveryOutcome.permanent(reason);
    }

    /** {@code Retry-After} as delta-seconds or an HTTP-date; empty when absent or unreadable. */
    static Optional<Duration> parseRetryAfter(String value, Clock clock) {
        String v = value.trim();
        try {
            long seconds = Long.parseLong(v);
            return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(clock.instant(), at.toInstant());
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (DateTimeParseException notDate) {
                return Optional.empty();
            }
        }
    }

    /** Hex HMAC-SHA256 of {@code body}; what a receiver computes to check {@value #SIGNATURE_HEADER}. */
    public static String hmacHex(byte[] secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /**
     * Aborts what is still in flight: close runs after the drain, so a request still waiting is one the drain gave
     * up on (redelivered after a restart where the log keeps it), and shutdown must not wait on the receiver; waits
     * briefly for the client's threads to finish.
     */
    @Override
    public void close() {
        http.shutdownNow();
        try {
            http.awaitTermination(CLOSE_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
